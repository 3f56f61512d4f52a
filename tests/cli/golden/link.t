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
model: m by EM in 4 sessions, lambda 0.0283 (15 expected matches among the candidates)
  given_sound & birth_date                                      8 pairs  -> m of nothing
  surname_sound & birth_date                                   13 pairs  -> m of given_name, sex
  given_prefix3 & surname_prefix3                               9 pairs  -> m of nothing
  a_number                                                      0 pairs  -> m of nothing
  too few pairs in the sessions for surname, birth_date, a_number: m from one EM over the candidates (3 iterations)
persons: 19 (14 with several records, 0 split by the chaining guard)
family links: 6 asserted, 2 to review
persons vs truth: pairwise precision 1.0000 recall 0.9333 F1 0.9655; B-cubed precision 1.0000 recall 0.9697 F1 0.9846
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
possible_match,0.770
parent_child,0.818
parent_child,0.269
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
        "f1": 0.9846153846153847,
        "precision": 1.0,
        "recall": 0.9696969696969697
      },
      "pairwise": {
        "f1": 0.9655172413793104,
        "false_negatives": 1,
        "false_positives": 0,
        "precision": 1.0,
        "recall": 0.9333333333333333,
        "true_positives": 14
      }
    }
  },
  "family_links": {
    "asserted": 6,
    "review": 2
  },
  "ignored_fields": 0,
  "mode": "dedupe",
  "model": {
    "expected_matches_in_candidates": 14.967982721615952,
    "from_single_em": [
      "surname",
      "birth_date",
      "a_number"
    ],
    "lambda": 0.028348452123462983,
    "sessions": [
      {
        "compared": 8,
        "converged": true,
        "estimated": [],
        "fixed": [
          "given_name",
          "birth_date"
        ],
        "iterations": 6,
        "match_share": 0.999,
        "pairs": 8,
        "rule": "given_sound & birth_date"
      },
      {
        "compared": 13,
        "converged": true,
        "estimated": [
          "given_name",
          "sex"
        ],
        "fixed": [
          "surname",
          "birth_date"
        ],
        "iterations": 5,
        "match_share": 0.999,
        "pairs": 13,
        "rule": "surname_sound & birth_date"
      },
      {
        "compared": 9,
        "converged": true,
        "estimated": [],
        "fixed": [
          "given_name",
          "surname"
        ],
        "iterations": 5,
        "match_share": 0.999,
        "pairs": 9,
        "rule": "given_prefix3 & surname_prefix3"
      },
      {
        "compared": 0,
        "converged": false,
        "estimated": [],
        "fixed": [
          "a_number"
        ],
        "iterations": 0,
        "match_share": 0.0,
        "pairs": 0,
        "rule": "a_number"
      }
    ],
    "single_em_iterations": 3,
    "training": "em_sessions"
  },
  "persons": {
    "count": 19,
    "split_by_guard": 0,
    "with_several_records": 14
  },
  "records": 33,
  "rejected_rows": 1
}
# Why a nickname still matches (Francisco / Pancho).
$ kinlink link explain R005 R023 $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml
? 0
match weight of R005 ~ R023
comparison     level                              a                    b                     weight     tf    total  
prior          lambda 0.028348                                                                -5.10           -5.10  -----
given_name     variant, nickname or same sound    francisco            pancho                 +5.19           +0.09  +++++
surname        exact                              ramos diaz           ramos diaz             +4.62  -1.16    +3.55  +++
birth_date     exact                              1979-12-02           1979-12-02             +5.15           +8.69  +++++
sex            exact                              male                 male                   +1.04           +9.74  +
a_number       missing                                                                        +0.00           +9.74  
match weight +9.74, probability 0.9988
$ kinlink link explain R005 R023 $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml --json
? 0
{
  "a": "R005",
  "b": "R023",
  "match_weight": 9.737,
  "probability": 0.999,
  "steps": [
    {
      "a": "",
      "b": "",
      "comparison": "prior",
      "cumulative": -5.099,
      "level": "lambda 0.028348",
      "m": 0.0,
      "tf_adjustment": 0.0,
      "u": 0.0,
      "weight": -5.099
    },
    {
      "a": "francisco",
      "b": "pancho",
      "comparison": "given_name",
      "cumulative": 0.086,
      "level": "variant, nickname or same sound",
      "m": 0.692,
      "tf_adjustment": 0.0,
      "u": 0.019,
      "weight": 5.185
    },
    {
      "a": "ramos diaz",
      "b": "ramos diaz",
      "comparison": "surname",
      "cumulative": 3.546,
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
      "cumulative": 8.695,
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
      "cumulative": 9.737,
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
      "cumulative": 9.737,
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
# The model a link run saved explains a pair without training again: the same breakdown as above.
$ kinlink link $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml --out saved >/dev/null && kinlink link explain R005 R023 $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml --model saved/model.json
? 0
match weight of R005 ~ R023
comparison     level                              a                    b                     weight     tf    total  
prior          lambda 0.028348                                                                -5.10           -5.10  -----
given_name     variant, nickname or same sound    francisco            pancho                 +5.19           +0.09  +++++
surname        exact                              ramos diaz           ramos diaz             +4.62  -1.16    +3.55  +++
birth_date     exact                              1979-12-02           1979-12-02             +5.15           +8.69  +++++
sex            exact                              male                 male                   +1.04           +9.74  +
a_number       missing                                                                        +0.00           +9.74  
match weight +9.74, probability 0.9988
# A saved model whose comparisons are not these inputs' does not fit: exit 2, nothing explained.
$ sed 's/"given_name"/"first_name"/' saved/model.json > other.json && kinlink link explain R005 R023 $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml --model other.json
? 2
$ kinlink link $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml --without shoe_size
? 2
$ kinlink link explain R005 NOPE $KINLINK_SOURCE_DIR/data/linkage/examples/agency_sample.csv --mapping $KINLINK_SOURCE_DIR/data/linkage/mappings/agency_sample.toml
? 2
