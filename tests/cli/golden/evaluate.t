# `kinlink evaluate`: the ledger's answers scored against the simulator's truth. The ledger
# fixture's truth stream is synthesized into agency records, ingested, and scored as of two dates.
$ kinlink evaluate --help
? 0
Score the ledger's answers against the simulator's truth, as of dates
Usage: kinlink evaluate [OPTIONS]

Options:
  -h,--help                   Print this help message and exit
  --db TEXT=kinlink.db        The ledger database to score
  --rules TEXT                Alert rules (default config/alert-rules.toml)
  --json Excludes: --csv      Print the figures as JSON, with their numerators and denominators
  --csv Excludes: --json      Print CSV: a header, then one row per figure
  --truth TEXT REQUIRED       The simulator's truth stream (kinlink simulate)
  --key TEXT REQUIRED         The synthesizer's answer_key.jsonl (kinlink synth)
  --as-of TEXT ...            A moment to score at; repeat for several (a date means 00:00Z; default 2018-06-26, 2018-07-26, 2018-08-23)

Exit codes: 0 ok, 1 the job failed, 2 bad usage or bad input.
$ kinlink synth --truth $KINLINK_SOURCE_DIR/tests/ledger/data/truth_small.jsonl --out r --seed 1 >/dev/null && for a in cbp usao usms ice orr; do for f in r/${a}_*; do kinlink ingest --db e.db --source $a $f --recorded-at 2026-01-01T00:00:00Z --as-of 2018-07-26 >/dev/null || exit 1; done; done && kinlink evaluate --db e.db --truth $KINLINK_SOURCE_DIR/tests/ledger/data/truth_small.jsonl --key r/answer_key.jsonl --as-of 2018-06-26 --as-of 2018-07-26
? 0
ledger answers scored against the truth (T = the date at 00:00Z; all = everything recorded, known = what was known at T; P/R = precision/recall)
                                            2018-06-26              2018-07-26
                                            all         known       all         known
persons in custody (truth)                  8           8           7           7
where now: agency                           1.00        0.62        1.00        0.71
where now: facility                         0.50        0.12        0.29        0.00
  held, no ledger identity                  0           0           0           0
families with a member in custody           2           2           2           2
family state                                1.00        1.00        1.00        1.00
  no family unit recorded                   0           0           0           0
cbp_child_over_72h P/R                      –/–         –/–         –/–         –/–
ms_l_under_5_past_14_days P/R               –/–         –/–         –/0.00      –/0.00
ms_l_5_and_older_past_30_days P/R           –/–         –/–         –/–         –/–
parent_removed_child_in_orr P/R             –/–         –/–         –/0.00      –/0.00
separated_child_without_parent_link P/R     –/–         –/–         –/–         –/–
person_in_two_custodies P/R                 –/–         –/–         –/–         –/–
family_unit_dropped_after_separation P/R    1.00/1.00   1.00/1.00   1.00/1.00   1.00/1.00
child_last_seen_custody_end_unrecorded P/R  –/–         –/–         –/–         –/–
open separations P/R                        –/0.00      –/0.00      –/0.00      –/0.00
parent named: true parent                   –           –           –           –
parent named: missing                       –           –           –           –
parent named: a wrong adult                 –           –           –           –
12 ledger identities mapped to truth persons (0 mixed: records of several persons); 0 ledger records not in the answer key. "–": nothing to divide by (a rule with no true case has no recall); n/a: the ledger cannot answer in that mode yet.
# The same figures as JSON, with numerators and denominators.
$ kinlink evaluate --db e.db --truth $KINLINK_SOURCE_DIR/tests/ledger/data/truth_small.jsonl --key r/answer_key.jsonl --as-of 2018-06-26 --json
? 0
{
  "dates": [
    {
      "as_of": "2018-06-26T00:00:00Z",
      "families_in_custody": 2,
      "modes": [
        {
          "available": true,
          "families_without_unit": 0,
          "family_state": {
            "hits": 2,
            "total": 2,
            "value": 1.0
          },
          "family_state_errors": {},
          "in_custody_without_identity": 0,
          "mode": "all",
          "open_separations": {
            "answers": 0,
            "id": "open_separations",
            "precision": {
              "hits": 0,
              "total": 0,
              "value": null
            },
            "recall": {
              "hits": 0,
              "total": 3,
              "value": 0.0
            },
            "supported": true,
            "true_cases": 3
          },
          "parent_named": {
            "missing": 0,
            "true_parent": 0,
            "wrong_adult": 0
          },
          "rules": [
            {
              "answers": 0,
              "id": "cbp_child_over_72h",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "ms_l_under_5_past_14_days",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "ms_l_5_and_older_past_30_days",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "parent_removed_child_in_orr",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "separated_child_without_parent_link",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "person_in_two_custodies",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 3,
              "id": "family_unit_dropped_after_separation",
              "precision": {
                "hits": 3,
                "total": 3,
                "value": 1.0
              },
              "recall": {
                "hits": 3,
                "total": 3,
                "value": 1.0
              },
              "supported": true,
              "true_cases": 3
            },
            {
              "answers": 0,
              "id": "child_last_seen_custody_end_unrecorded",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            }
          ],
          "where_facility": {
            "hits": 4,
            "total": 8,
            "value": 0.5
          },
          "where_now": {
            "hits": 8,
            "total": 8,
            "value": 1.0
          },
          "where_now_errors": {}
        },
        {
          "available": true,
          "families_without_unit": 0,
          "family_state": {
            "hits": 2,
            "total": 2,
            "value": 1.0
          },
          "family_state_errors": {},
          "in_custody_without_identity": 0,
          "mode": "known",
          "open_separations": {
            "answers": 0,
            "id": "open_separations",
            "precision": {
              "hits": 0,
              "total": 0,
              "value": null
            },
            "recall": {
              "hits": 0,
              "total": 3,
              "value": 0.0
            },
            "supported": true,
            "true_cases": 3
          },
          "parent_named": {
            "missing": 0,
            "true_parent": 0,
            "wrong_adult": 0
          },
          "rules": [
            {
              "answers": 0,
              "id": "cbp_child_over_72h",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "ms_l_under_5_past_14_days",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "ms_l_5_and_older_past_30_days",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "parent_removed_child_in_orr",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "separated_child_without_parent_link",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 0,
              "id": "person_in_two_custodies",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            },
            {
              "answers": 3,
              "id": "family_unit_dropped_after_separation",
              "precision": {
                "hits": 3,
                "total": 3,
                "value": 1.0
              },
              "recall": {
                "hits": 3,
                "total": 3,
                "value": 1.0
              },
              "supported": true,
              "true_cases": 3
            },
            {
              "answers": 0,
              "id": "child_last_seen_custody_end_unrecorded",
              "precision": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "recall": {
                "hits": 0,
                "total": 0,
                "value": null
              },
              "supported": false,
              "true_cases": 0
            }
          ],
          "where_facility": {
            "hits": 1,
            "total": 8,
            "value": 0.125
          },
          "where_now": {
            "hits": 5,
            "total": 8,
            "value": 0.625
          },
          "where_now_errors": {
            "ice -> not in custody": 3
          }
        }
      ],
      "persons_in_custody": 8
    }
  ],
  "identities": 12,
  "mixed_identities": 0,
  "records_not_in_key": 0
}
# Bad input names the file and line; a bad date names --as-of.
$ printf '{"kind":"header"}\n{"kind":"record","agency":"cbp"}\n' > bad_key.jsonl && kinlink evaluate --db e.db --truth $KINLINK_SOURCE_DIR/tests/ledger/data/truth_small.jsonl --key bad_key.jsonl 2>&1; echo "exit $?"
? 0
error: bad_key.jsonl:2: field 'record_id' is missing or not a string
exit 2
$ kinlink evaluate --db e.db --truth missing.jsonl --key r/answer_key.jsonl
? 2
$ kinlink evaluate --db e.db --truth $KINLINK_SOURCE_DIR/tests/ledger/data/truth_small.jsonl --key r/answer_key.jsonl --as-of 2018-13-45
? 2
