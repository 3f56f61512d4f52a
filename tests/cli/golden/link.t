# `kinlink link`: persons and parent-child links from a small hand-made set of agency records.
$ kinlink link $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml --truth $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample_truth.csv --out out
? 0
mode: dedupe
records: 33; 1 rows rejected, 0 values ignored
blocking: 15 candidate pairs of 528 possible
  surname_sound & birth_year                                   14 pairs       14 true
  given_sound & birth_date                                      0 pairs        0 true
  surname_prefix3 & birth_month_day                             0 pairs        0 true
  given_sound & surname_sound                                   1 pairs        1 true
  recall allowed by blocking: 1.0000 (15 of 15 true pairs)
model: m by EM in 3 iterations, lambda 0.9990
persons: 18 (15 with several records, 0 split by the chaining guard)
family links: 6 asserted, 1 to review
persons vs truth: pairwise precision 1.0000 recall 1.0000 F1 1.0000; B-cubed precision 1.0000 recall 1.0000 F1 1.0000
parent-child links vs truth: precision 1.0000 recall 1.0000 F1 1.0000
wrote out
# The files written, the rejected row (file column left out) and the review queue.
$ ls out && cut -d, -f2-4 out/rejects.csv && cut -d, -f1,4 out/review_queue.csv
? 0
clusters.csv
clusters.json
family_links.json
model.json
rejects.csv
review_queue.csv
review_queue.json
line,action,reason
35,rejected,"5 columns where the header has 11"
kind,confidence
parent_child,0.818
# The JSON summary.
$ kinlink link $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml --json
? 0
{
  "blocking": {
    "candidate_pairs": 15,
    "possible_pairs": 528,
    "recall": 1.0,
    "rules": [
      {
        "pairs": 14,
        "rule": "surname_sound & birth_year",
        "true_pairs": 14,
        "windowed_blocks": 0
      },
      {
        "pairs": 0,
        "rule": "given_sound & birth_date",
        "true_pairs": 0,
        "windowed_blocks": 0
      },
      {
        "pairs": 0,
        "rule": "surname_prefix3 & birth_month_day",
        "true_pairs": 0,
        "windowed_blocks": 0
      },
      {
        "pairs": 1,
        "rule": "given_sound & surname_sound",
        "true_pairs": 1,
        "windowed_blocks": 0
      }
    ],
    "true_pairs_total": 15
  },
  "evaluation": {
    "persons": {
      "bcubed": {
        "f1": 1.0,
        "precision": 1.0,
        "recall": 1.0
      },
      "pairwise": {
        "f1": 1.0,
        "false_negatives": 0,
        "false_positives": 0,
        "precision": 1.0,
        "recall": 1.0,
        "true_positives": 15
      }
    }
  },
  "family_links": {
    "asserted": 6,
    "review": 1
  },
  "ignored_fields": 0,
  "mode": "dedupe",
  "model": {
    "em_iterations": 3,
    "lambda": 0.999,
    "training": "em"
  },
  "persons": {
    "count": 18,
    "split_by_guard": 0,
    "with_several_records": 15
  },
  "records": 33,
  "rejected_rows": 1
}
# Why a nickname still matches (Francisco / Pancho).
$ kinlink link explain R005 R023 $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml
? 0
match weight of R005 ~ R023
comparison     level                              a                    b                     weight     tf    total  
prior          lambda 0.999000                                                                +9.96           +9.96  ++++++++++
given_name     variant, nickname or same sound    francisco            pancho                 +5.13          +15.10  +++++
surname        exact                              ramos diaz           ramos diaz             +4.62  -1.16   +18.55  +++
birth_date     exact                              1979-12-02           1979-12-02             +5.15          +23.70  +++++
sex            exact                              male                 male                   +1.04          +24.75  +
a_number       missing                                                                        +0.00          +24.75  
match weight +24.75, probability 1.0000
$ kinlink link explain R005 R023 $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml --json
? 0
{
  "a": "R005",
  "b": "R023",
  "match_weight": 24.746,
  "probability": 1.0,
  "steps": [
    {
      "a": "",
      "b": "",
      "comparison": "prior",
      "cumulative": 9.964,
      "level": "lambda 0.999000",
      "m": 0.0,
      "tf_adjustment": 0.0,
      "u": 0.0,
      "weight": 9.964
    },
    {
      "a": "francisco",
      "b": "pancho",
      "comparison": "given_name",
      "cumulative": 15.095,
      "level": "variant, nickname or same sound",
      "m": 0.667,
      "tf_adjustment": 0.0,
      "u": 0.019,
      "weight": 5.131
    },
    {
      "a": "ramos diaz",
      "b": "ramos diaz",
      "comparison": "surname",
      "cumulative": 18.555,
      "level": "exact",
      "m": 0.667,
      "tf_adjustment": -1.158,
      "u": 0.027,
      "weight": 4.617
    },
    {
      "a": "1979-12-02",
      "b": "1979-12-02",
      "comparison": "birth_date",
      "cumulative": 23.704,
      "level": "exact",
      "m": 0.929,
      "tf_adjustment": 0.0,
      "u": 0.026,
      "weight": 5.149
    },
    {
      "a": "male",
      "b": "male",
      "comparison": "sex",
      "cumulative": 24.746,
      "level": "exact",
      "m": 1.0,
      "tf_adjustment": 0.0,
      "u": 0.485,
      "weight": 1.042
    },
    {
      "a": "",
      "b": "",
      "comparison": "a_number",
      "cumulative": 24.746,
      "level": "missing",
      "m": 0.0,
      "tf_adjustment": 0.0,
      "u": 0.0,
      "weight": 0.0
    }
  ]
}
# Bad usage and bad input: exit code 2.
$ kinlink link $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv
? 2
$ kinlink link no-such-file.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml
? 2
$ kinlink link $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml --without shoe_size
? 2
$ kinlink link explain R005 NOPE $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml
? 2
