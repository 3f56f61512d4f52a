# The ledger commands on tests/ledger/data/truth_small.jsonl (a truth stream built so every alert
# rule has a case): ingest twice (the second adds nothing), open separations and alerts as of
# two dates, a person, a family, a name, verify, and bad usage.
$ kinlink ingest --source truth tests/ledger/data/truth_small.jsonl --recorded-at 2026-01-01T00:00:00Z --as-of 2018-07-26
? 0
source truth: 1 file(s), 43 rows: 43 accepted (0 revisions), 0 duplicates, 0 quarantined; 39 entries appended (29 events, 10 identity records)
alerts as of 2018-07-26T00:00:00Z: 6 active, 6 new
$ kinlink ingest --source truth tests/ledger/data/truth_small.jsonl --recorded-at 2026-01-02T00:00:00Z --as-of 2018-07-26 --json
? 0
{
  "accepted": 4,
  "alerts": {
    "active": 6,
    "as_of": "2018-07-26T00:00:00Z",
    "new": 0
  },
  "duplicates": 39,
  "entries_appended": 0,
  "events_appended": 0,
  "files": 1,
  "identity_records_appended": 0,
  "quarantined": 0,
  "revised": 0,
  "rows": 43,
  "source": "truth"
}
$ kinlink separations --open --as-of 2018-06-26
? 0
4 open separations as of 2018-06-26T00:00:00Z (0 past a reunification deadline)
child                  parent                 age  days separated  due          child is at                              parent is at
P2                     P1                       3    45 2018-05-11 2018-07-10   orr orr-shelter-1                        ice ice-port-isabel
P3                     P1                       8    45 2018-05-11 2018-07-26   orr orr-shelter-1                        ice ice-port-isabel
P6                     P5                       4    24 2018-06-01 2018-07-10   orr orr-shelter-1                        ice ice-eloy
P4                     (not recorded)           6     4 2018-06-21 2018-07-26   orr orr-shelter-1                        
$ kinlink separations --open --as-of 2018-07-26 --json
? 0
{
  "as_of": "2018-07-26T00:00:00Z",
  "known_at": "everything recorded",
  "open": 3,
  "parents_found_by_linkage": 0,
  "separations": [
    {
      "as_of": "2018-07-26T00:00:00Z",
      "child_age": 3,
      "child_birth_date": "2015-03-01",
      "child_birth_date_source": "P2",
      "child_custody": {
        "agency": "orr",
        "facility_id": "orr-shelter-1",
        "person_id": "P2",
        "since": "2018-05-12T10:00:00Z",
        "where": "in_custody"
      },
      "child_id": "P2",
      "child_name": "José Pérez López",
      "days_separated": 75,
      "family_unit_id": "F1",
      "overdue": true,
      "parent": {
        "basis": "record",
        "custody": {
          "agency": "ice",
          "facility_id": "ice-port-isabel",
          "person_id": "P1",
          "since": "2018-05-14T09:00:00Z",
          "where": "in_custody"
        },
        "identity": "P1",
        "name": "María Guadalupe López Hernández",
        "person_id": "P1",
        "status": "in_custody"
      },
      "parent_id": "P1",
      "reason": "parent_prosecution",
      "reunification_due": "2018-07-10T00:00:00Z",
      "separated_at": "2018-05-11T12:00:00Z"
    },
    {
      "as_of": "2018-07-26T00:00:00Z",
      "child_age": 4,
      "child_birth_date": "2014-02-02",
      "child_birth_date_source": "P6",
      "child_custody": {
        "agency": "orr",
        "facility_id": "orr-shelter-1",
        "person_id": "P6",
        "since": "2018-06-02T10:00:00Z",
        "where": "in_custody"
      },
      "child_id": "P6",
      "days_separated": 54,
      "family_unit_id": "F2",
      "overdue": true,
      "parent": {
        "basis": "record",
        "identity": "P5",
        "name": "",
        "person_id": "P5",
        "removed_at": "2018-07-20T10:00:00Z",
        "status": "removed"
      },
      "parent_id": "P5",
      "reason": "parent_criminal_history",
      "reunification_due": "2018-07-10T00:00:00Z",
      "separated_at": "2018-06-01T12:00:00Z"
    },
    {
      "as_of": "2018-07-26T00:00:00Z",
      "child_age": 6,
      "child_birth_date": "2012-01-01",
      "child_birth_date_source": "P4",
      "child_custody": {
        "agency": "orr",
        "facility_id": "orr-shelter-1",
        "person_id": "P4",
        "since": "2018-06-21T09:00:00Z",
        "where": "in_custody"
      },
      "child_id": "P4",
      "days_separated": 34,
      "family_unit_id": null,
      "overdue": false,
      "parent_id": null,
      "reason": "other",
      "reunification_due": "2018-07-26T00:00:00Z",
      "separated_at": "2018-06-21T07:00:00Z"
    }
  ]
}
$ kinlink alerts --as-of 2018-06-26
? 0
3 alerts as of 2018-06-26T00:00:00Z
  cbp_child_over_72h                       0
  child_last_seen_custody_end_unrecorded   0
  family_unit_dropped_after_separation     2
  ms_l_5_and_older_past_30_days            0
  ms_l_under_5_past_14_days                0
  parent_removed_child_in_orr              0
  person_in_two_custodies                  0
  separated_child_without_parent_link      1
separated_child_without_parent_link [high] P4: child flagged separated on 2018-06-21 with no parent recorded
family_unit_dropped_after_separation [high] P1: cbp recorded this person without family unit F1 after a separation
family_unit_dropped_after_separation [high] P3: cbp recorded this person without family unit F1 after a separation
$ kinlink alerts --as-of 2018-07-26
? 0
6 alerts as of 2018-07-26T00:00:00Z
  cbp_child_over_72h                       0
  child_last_seen_custody_end_unrecorded   0
  family_unit_dropped_after_separation     2
  ms_l_5_and_older_past_30_days            0
  ms_l_under_5_past_14_days                2
  parent_removed_child_in_orr              1
  person_in_two_custodies                  0
  separated_child_without_parent_link      1
ms_l_under_5_past_14_days [critical] P2: child aged 3 still separated from P1; reunification was due 2018-07-10 (14 days after 2018-06-26)
ms_l_under_5_past_14_days [critical] P6: child aged 4 still separated from P5; reunification was due 2018-07-10 (14 days after 2018-06-26)
parent_removed_child_in_orr [critical] P6: parent P5 was removed on 2018-07-20 while the child is in ORR care
separated_child_without_parent_link [high] P4: child flagged separated on 2018-06-21 with no parent recorded
family_unit_dropped_after_separation [high] P1: cbp recorded this person without family unit F1 after a separation
family_unit_dropped_after_separation [high] P3: cbp recorded this person without family unit F1 after a separation
$ kinlink separations --open --as-of 2018-07-26 --csv
? 0
child_id,parent_id,parent_found_by_linkage,family_unit_id,reason,child_birth_date,child_age,separated_at,days_separated,reunification_due,overdue,child_agency,child_facility_id,child_in_custody_since,child_left_agency,child_left_facility_id,child_left_custody_at,as_of,child_name,child_status,parent_person_id,parent_basis,parent_name,parent_status,parent_agency,parent_facility_id,parent_removed_at
P2,P1,false,F1,parent_prosecution,2015-03-01,3,2018-05-11T12:00:00Z,75,2018-07-10T00:00:00Z,true,orr,orr-shelter-1,2018-05-12T10:00:00Z,,,,2018-07-26T00:00:00Z,José Pérez López,in_custody,P1,record,María Guadalupe López Hernández,in_custody,ice,ice-port-isabel,
P6,P5,false,F2,parent_criminal_history,2014-02-02,4,2018-06-01T12:00:00Z,54,2018-07-10T00:00:00Z,true,orr,orr-shelter-1,2018-06-02T10:00:00Z,,,,2018-07-26T00:00:00Z,,in_custody,P5,record,,removed,,,2018-07-20T10:00:00Z
P4,,false,,other,2012-01-01,6,2018-06-21T07:00:00Z,34,2018-07-26T00:00:00Z,false,orr,orr-shelter-1,2018-06-21T09:00:00Z,,,,2018-07-26T00:00:00Z,,in_custody,,,,,,,
$ kinlink alerts --as-of 2018-07-26 --csv
? 0
rule,kind,severity,person_id,related_id,since,message,as_of
ms_l_under_5_past_14_days,court_order_reunification,critical,P2,P1,2018-07-10T00:00:00Z,child aged 3 still separated from P1; reunification was due 2018-07-10 (14 days after 2018-06-26),2018-07-26T00:00:00Z
ms_l_under_5_past_14_days,court_order_reunification,critical,P6,P5,2018-07-10T00:00:00Z,child aged 4 still separated from P5; reunification was due 2018-07-10 (14 days after 2018-06-26),2018-07-26T00:00:00Z
parent_removed_child_in_orr,parent_removed_child_in_orr,critical,P6,P5,2018-07-20T10:00:00Z,parent P5 was removed on 2018-07-20 while the child is in ORR care,2018-07-26T00:00:00Z
separated_child_without_parent_link,separated_without_parent_link,high,P4,,2018-06-21T07:00:00Z,child flagged separated on 2018-06-21 with no parent recorded,2018-07-26T00:00:00Z
family_unit_dropped_after_separation,family_unit_dropped,high,P1,F1,2018-05-11T12:00:00Z,cbp recorded this person without family unit F1 after a separation,2018-07-26T00:00:00Z
family_unit_dropped_after_separation,family_unit_dropped,high,P3,F1,2018-05-11T12:00:00Z,cbp recorded this person without family unit F1 after a separation,2018-07-26T00:00:00Z
$ kinlink alerts --as-of 2018-07-26 --csv --json
? 2
$ kinlink status --person P2
? 0
person P2 — José Pérez López
  source cbp/truth  sex male  born 2015-03-01  A-number -  citizenship GTM
  status in_custody: orr orr-shelter-1 since 2018-05-12T10:00:00Z
  youngest plausible birth date 2015-03-01 (from P2)
  family units: F1
  parents recorded: P1
custody:
  2018-05-10T10:00:00Z .. 2018-05-12T10:00:00Z  cbp cbp-rgv-ursula
  2018-05-12T10:00:00Z .. now  orr orr-shelter-1
separations:
  child P2 from parent P1 [record] (family F1): separated 2018-05-11T12:00:00Z, open, reunification due 2018-07-10; parent María Guadalupe López Hernández ice ice-port-isabel since 2018-05-14T09:00:00Z
timeline:
  2018-05-01T00:00:00Z  person_record        cbp    P2  birth_date=2015-03-01 citizenship=GTM given_names=["José"] maternal_surname=López paternal_surname=Pérez person_id=P2 sex=male
  2018-05-01T00:00:00Z  family_unit_record   cbp    P2  family_unit_id=F1 members=["P1","P2","P3"]
  2018-05-01T00:00:00Z  relationship         cbp    P2  child_id=P2 kind=biological parent_id=P1
  2018-05-10T10:00:00Z  apprehension         -      P2  family_unit_id=F1 person_id=P2 sector=rio_grande_valley station_id=cbp-rgv-ursula
  2018-05-11T12:00:00Z  separation           -      P2  child_id=P2 family_unit_id=F1 parent_id=P1 reason=parent_prosecution
  2018-05-12T09:00:00Z  orr_referral         -      P2  child_id=P2 parent_id=P1 referring_agency=cbp separated=true
  2018-05-12T10:00:00Z  custody_transfer     -      P2  person_id=P2 receiving=orr/orr-shelter-1 releasing=cbp/cbp-rgv-ursula
$ kinlink status --family F1
? 0
family F1: separated since 2018-05-11T12:00:00Z
members:
  P1 (María Guadalupe López Hernández): in_custody, ice ice-port-isabel since 2018-05-14T09:00:00Z
  P2 (José Pérez López): in_custody, orr orr-shelter-1 since 2018-05-12T10:00:00Z
  P3 (Ana Pérez López): in_custody, orr orr-shelter-1 since 2018-05-12T10:00:00Z
separations:
  child P2 from parent P1 [record] (family F1): separated 2018-05-11T12:00:00Z, open, reunification due 2018-07-10; parent María Guadalupe López Hernández ice ice-port-isabel since 2018-05-14T09:00:00Z
  child P3 from parent P1 [record]: separated 2018-05-11T12:00:00Z, reunified 2018-07-15T10:00:00Z, reunification due 2018-07-26
timeline:
  2018-05-01T00:00:00Z  person_record        cbp    P1  a_number=A012345678 birth_date=1990-01-01 citizenship=GTM given_names=["María","Guadalupe"] maternal_surname=Hernández paternal_surname=López person_id=P1 sex=female
  2018-05-01T00:00:00Z  person_record        cbp    P2  birth_date=2015-03-01 citizenship=GTM given_names=["José"] maternal_surname=López paternal_surname=Pérez person_id=P2 sex=male
  2018-05-01T00:00:00Z  person_record        cbp    P3  birth_date=2010-06-01 citizenship=GTM given_names=["Ana"] maternal_surname=López paternal_surname=Pérez person_id=P3 sex=female
  2018-05-01T00:00:00Z  family_unit_record   cbp    P1  family_unit_id=F1 members=["P1","P2","P3"]
  2018-05-01T00:00:00Z  relationship         cbp    P1  child_id=P2 kind=biological parent_id=P1
  2018-05-01T00:00:00Z  relationship         cbp    P1  child_id=P3 kind=biological parent_id=P1
  2018-05-10T10:00:00Z  apprehension         -      P1  family_unit_id=F1 person_id=P1 sector=rio_grande_valley station_id=cbp-rgv-ursula
  2018-05-10T10:00:00Z  apprehension         -      P2  family_unit_id=F1 person_id=P2 sector=rio_grande_valley station_id=cbp-rgv-ursula
  2018-05-10T10:00:00Z  apprehension         -      P3  family_unit_id=F1 person_id=P3 sector=rio_grande_valley station_id=cbp-rgv-ursula
  2018-05-11T08:00:00Z  referral             -      P1  district=sd_tex person_id=P1 statute=8usc1325
  2018-05-11T12:00:00Z  separation           -      P1  child_id=P2 family_unit_id=F1 parent_id=P1 reason=parent_prosecution
  2018-05-11T12:00:00Z  separation           -      P1  child_id=P3 parent_id=P1 reason=parent_prosecution
  2018-05-11T13:00:00Z  custody_transfer     -      P1  person_id=P1 receiving=usms/usms-mcallen releasing=cbp/cbp-rgv-ursula
  2018-05-12T09:00:00Z  orr_referral         -      P1  child_id=P2 parent_id=P1 referring_agency=cbp separated=true
  2018-05-12T09:00:00Z  orr_referral         -      P1  child_id=P3 parent_id=P1 referring_agency=cbp separated=true
  2018-05-12T10:00:00Z  custody_transfer     -      P2  person_id=P2 receiving=orr/orr-shelter-1 releasing=cbp/cbp-rgv-ursula
  2018-05-12T10:00:00Z  custody_transfer     -      P3  person_id=P3 receiving=orr/orr-shelter-1 releasing=cbp/cbp-rgv-ursula
  2018-05-14T09:00:00Z  custody_transfer     -      P1  person_id=P1 receiving=ice/ice-port-isabel releasing=usms/usms-mcallen
  2018-07-15T10:00:00Z  reunification        -      P1  child_id=P3 facility_id=ice-port-isabel parent_id=P1
$ kinlink status --name "jose perez"
? 0
person P2 — José Pérez López
  source cbp/truth  sex male  born 2015-03-01  A-number -  citizenship GTM
  status in_custody: orr orr-shelter-1 since 2018-05-12T10:00:00Z
  youngest plausible birth date 2015-03-01 (from P2)
  family units: F1
  parents recorded: P1
custody:
  2018-05-10T10:00:00Z .. 2018-05-12T10:00:00Z  cbp cbp-rgv-ursula
  2018-05-12T10:00:00Z .. now  orr orr-shelter-1
separations:
  child P2 from parent P1 [record] (family F1): separated 2018-05-11T12:00:00Z, open, reunification due 2018-07-10; parent María Guadalupe López Hernández ice ice-port-isabel since 2018-05-14T09:00:00Z
timeline:
  2018-05-01T00:00:00Z  person_record        cbp    P2  birth_date=2015-03-01 citizenship=GTM given_names=["José"] maternal_surname=López paternal_surname=Pérez person_id=P2 sex=male
  2018-05-01T00:00:00Z  family_unit_record   cbp    P2  family_unit_id=F1 members=["P1","P2","P3"]
  2018-05-01T00:00:00Z  relationship         cbp    P2  child_id=P2 kind=biological parent_id=P1
  2018-05-10T10:00:00Z  apprehension         -      P2  family_unit_id=F1 person_id=P2 sector=rio_grande_valley station_id=cbp-rgv-ursula
  2018-05-11T12:00:00Z  separation           -      P2  child_id=P2 family_unit_id=F1 parent_id=P1 reason=parent_prosecution
  2018-05-12T09:00:00Z  orr_referral         -      P2  child_id=P2 parent_id=P1 referring_agency=cbp separated=true
  2018-05-12T10:00:00Z  custody_transfer     -      P2  person_id=P2 receiving=orr/orr-shelter-1 releasing=cbp/cbp-rgv-ursula
$ kinlink status --a-number A-087-654-321 --json
? 0
[
  {
    "birth_date": {
      "from_identity": "P5",
      "youngest_plausible": "1985-05-05"
    },
    "cluster": [
      "P5"
    ],
    "current_custody": {
      "agency": "ice",
      "ended_by": "cbp",
      "facility_id": "ice-eloy",
      "person_id": "P5",
      "since": "2018-06-02T11:00:00Z",
      "until": "2018-07-20T10:00:00Z"
    },
    "custody": [
      {
        "agency": "cbp",
        "ended_by": "cbp",
        "facility_id": "cbp-yuma-station",
        "person_id": "P5",
        "since": "2018-06-01T06:00:00Z",
        "until": "2018-06-02T11:00:00Z"
      },
      {
        "agency": "ice",
        "ended_by": "cbp",
        "facility_id": "ice-eloy",
        "person_id": "P5",
        "since": "2018-06-02T11:00:00Z",
        "until": "2018-07-20T10:00:00Z"
      }
    ],
    "family_units": [
      "F2"
    ],
    "last_record_at": "2018-07-20T10:00:00Z",
    "name": "",
    "parents": [],
    "person_id": "P5",
    "person_key": "P5",
    "record": {
      "a_number": "A087654321",
      "birth_date": "1985-05-05",
      "citizenship": "GTM",
      "person_id": "P5",
      "sex": "male"
    },
    "removed_at": "2018-07-20T10:00:00Z",
    "separations": [
      {
        "child_age": 4,
        "child_birth_date": "2014-02-02",
        "child_birth_date_source": "P6",
        "child_custody": {
          "agency": "orr",
          "facility_id": "orr-shelter-1",
          "person_id": "P6",
          "since": "2018-06-02T10:00:00Z",
          "where": "in_custody"
        },
        "child_id": "P6",
        "family_unit_id": "F2",
        "parent": {
          "basis": "record",
          "identity": "P5",
          "name": "",
          "person_id": "P5",
          "removed_at": "2018-07-20T10:00:00Z",
          "status": "removed"
        },
        "parent_id": "P5",
        "reason": "parent_criminal_history",
        "reunification_due": "2018-07-10T00:00:00Z",
        "separated_at": "2018-06-01T12:00:00Z"
      }
    ],
    "source": "cbp/truth",
    "status": "removed",
    "timeline": [
      {
        "effective_at": "2018-05-01T00:00:00Z",
        "event_id": "person:P5:814f9a816b53511d",
        "person_id": "P5",
        "recorded_at": "2026-01-01T00:00:00Z",
        "seq": 5,
        "source": {
          "agency": "cbp",
          "record_id": "P5",
          "system": "truth"
        },
        "summary": "a_number=A087654321 birth_date=1985-05-05 citizenship=GTM person_id=P5 sex=male",
        "type": "person_record"
      },
      {
        "effective_at": "2018-05-01T00:00:00Z",
        "event_id": "family:F2:5196ecfd526a1d41",
        "person_id": "P5",
        "recorded_at": "2026-01-01T00:00:00Z",
        "seq": 12,
        "source": {
          "agency": "cbp",
          "record_id": "F2",
          "system": "truth"
        },
        "summary": "family_unit_id=F2 members=[\"P5\",\"P6\"]",
        "type": "family_unit_record"
      },
      {
        "effective_at": "2018-05-01T00:00:00Z",
        "event_id": "truth:relationship:P5:P6",
        "person_id": "P5",
        "recorded_at": "2026-01-01T00:00:00Z",
        "seq": 13,
        "source": {
          "agency": "cbp",
          "record_id": "truth:relationship:P5:P6",
          "system": "truth"
        },
        "summary": "child_id=P6 kind=biological parent_id=P5",
        "type": "relationship"
      },
      {
        "effective_at": "2018-06-01T06:00:00Z",
        "event_id": "E20P5",
        "person_id": "P5",
        "recorded_at": "2026-01-01T00:00:00Z",
        "seq": 26,
        "summary": "family_unit_id=F2 person_id=P5 sector=yuma station_id=cbp-yuma-station",
        "type": "apprehension"
      },
      {
        "effective_at": "2018-06-01T12:00:00Z",
        "event_id": "E21",
        "person_id": "P5",
        "recorded_at": "2026-01-01T00:00:00Z",
        "seq": 28,
        "summary": "child_id=P6 family_unit_id=F2 parent_id=P5 reason=parent_criminal_history",
        "type": "separation"
      },
      {
        "effective_at": "2018-06-02T11:00:00Z",
        "event_id": "E23",
        "person_id": "P5",
        "recorded_at": "2026-01-01T00:00:00Z",
        "seq": 30,
        "summary": "person_id=P5 receiving=ice/ice-eloy releasing=cbp/cbp-yuma-station",
        "type": "custody_transfer"
      },
      {
        "effective_at": "2018-07-20T10:00:00Z",
        "event_id": "E24",
        "person_id": "P5",
        "recorded_at": "2026-01-01T00:00:00Z",
        "seq": 39,
        "summary": "country=GTM person_id=P5",
        "type": "removal"
      }
    ]
  }
]
$ kinlink verify
? 0
ok: 39 entries, chain intact, head b990e203d1a3c3b41bb7003ac8c27ee5c724d0653e17588cbfbb4fcb39700245
$ kinlink status --person nobody
? 2
$ kinlink separations --as-of 2018-06-26
? 2
$ kinlink verify --db missing.db
? 2
$ kinlink status --person P2 --family F1
? 2
# A missing input file is reported before the ledger is opened: no empty ledger is left behind,
# and none of the other files is ingested.
$ kinlink ingest --db fresh.db --source truth tests/ledger/data/truth_small.jsonl no-such-export.jsonl
? 2
$ kinlink verify --db fresh.db
? 2
# A name that more than three people share is a list, one line each, to pick from with --person
# (--json keeps every status in full).
$ kinlink ingest --source test --mapping $KINLINK_SOURCE_DIR/tests/ledger/data/border_log.toml tests/ledger/data/border_log.csv --recorded-at 2026-01-01T00:00:00Z --as-of 2018-07-26
? 0
source test: 1 file(s), 8 rows: 3 accepted (0 revisions), 0 duplicates, 5 quarantined; 8 entries appended (5 events, 3 identity records)
alerts as of 2018-07-26T00:00:00Z: 6 active, 0 new
$ kinlink status --name lopez
? 0
5 persons match "lopez"; give --person ID for one of them:
  P1                     María Guadalupe López Hernández  born 1990-01-01  in_custody: ice ice-port-isabel since 2018-05-14T09:00:00Z
  P2                     José Pérez López                 born 2015-03-01  in_custody: orr orr-shelter-1 since 2018-05-12T10:00:00Z
  P3                     Ana Pérez López                  born 2010-06-01  in_custody: orr orr-shelter-1 since 2018-05-12T10:00:00Z
  cbp:S1                 María Guadalupe LÓPEZ HERNÁNDEZ  born 1990-01-02  in_custody: cbp Ursula since 2018-05-10T10:00:00Z
  cbp:S2                 José PÉREZ LÓPEZ                 born 2015-03-01  in_custody: orr unknown since 2018-05-12T23:59:55Z
$ kinlink status --name "perez lopez"
? 0
person P2 — José Pérez López
  source cbp/truth  sex male  born 2015-03-01  A-number -  citizenship GTM
  status in_custody: orr orr-shelter-1 since 2018-05-12T10:00:00Z
  youngest plausible birth date 2015-03-01 (from P2)
  family units: F1
  parents recorded: P1
custody:
  2018-05-10T10:00:00Z .. 2018-05-12T10:00:00Z  cbp cbp-rgv-ursula
  2018-05-12T10:00:00Z .. now  orr orr-shelter-1
separations:
  child P2 from parent P1 [record] (family F1): separated 2018-05-11T12:00:00Z, open, reunification due 2018-07-10; parent María Guadalupe López Hernández ice ice-port-isabel since 2018-05-14T09:00:00Z
timeline:
  2018-05-01T00:00:00Z  person_record        cbp    P2  birth_date=2015-03-01 citizenship=GTM given_names=["José"] maternal_surname=López paternal_surname=Pérez person_id=P2 sex=male
  2018-05-01T00:00:00Z  family_unit_record   cbp    P2  family_unit_id=F1 members=["P1","P2","P3"]
  2018-05-01T00:00:00Z  relationship         cbp    P2  child_id=P2 kind=biological parent_id=P1
  2018-05-10T10:00:00Z  apprehension         -      P2  family_unit_id=F1 person_id=P2 sector=rio_grande_valley station_id=cbp-rgv-ursula
  2018-05-11T12:00:00Z  separation           -      P2  child_id=P2 family_unit_id=F1 parent_id=P1 reason=parent_prosecution
  2018-05-12T09:00:00Z  orr_referral         -      P2  child_id=P2 parent_id=P1 referring_agency=cbp separated=true
  2018-05-12T10:00:00Z  custody_transfer     -      P2  person_id=P2 receiving=orr/orr-shelter-1 releasing=cbp/cbp-rgv-ursula

person P3 — Ana Pérez López
  source cbp/truth  sex female  born 2010-06-01  A-number -  citizenship GTM
  status in_custody: orr orr-shelter-1 since 2018-05-12T10:00:00Z
  youngest plausible birth date 2010-06-01 (from P3)
  family units: F1
  parents recorded: P1
custody:
  2018-05-10T10:00:00Z .. 2018-05-12T10:00:00Z  cbp cbp-rgv-ursula
  2018-05-12T10:00:00Z .. now  orr orr-shelter-1
separations:
  child P3 from parent P1 [record]: separated 2018-05-11T12:00:00Z, reunified 2018-07-15T10:00:00Z, reunification due 2018-07-26
timeline:
  2018-05-01T00:00:00Z  person_record        cbp    P3  birth_date=2010-06-01 citizenship=GTM given_names=["Ana"] maternal_surname=López paternal_surname=Pérez person_id=P3 sex=female
  2018-05-01T00:00:00Z  family_unit_record   cbp    P3  family_unit_id=F1 members=["P1","P2","P3"]
  2018-05-01T00:00:00Z  relationship         cbp    P3  child_id=P3 kind=biological parent_id=P1
  2018-05-10T10:00:00Z  apprehension         -      P3  family_unit_id=F1 person_id=P3 sector=rio_grande_valley station_id=cbp-rgv-ursula
  2018-05-11T12:00:00Z  separation           -      P3  child_id=P3 parent_id=P1 reason=parent_prosecution
  2018-05-12T09:00:00Z  orr_referral         -      P3  child_id=P3 parent_id=P1 referring_agency=cbp separated=true
  2018-05-12T10:00:00Z  custody_transfer     -      P3  person_id=P3 receiving=orr/orr-shelter-1 releasing=cbp/cbp-rgv-ursula
  2018-07-15T10:00:00Z  reunification        -      P3  child_id=P3 facility_id=ice-port-isabel parent_id=P1

person cbp:S2 — José PÉREZ LÓPEZ
  source cbp/test-log  sex male  born 2015-03-01  A-number -  citizenship GTM
  status in_custody: orr unknown since 2018-05-12T23:59:55Z
  youngest plausible birth date 2015-03-01 (from cbp:S2)
  family units: FMU-1
custody:
  2018-05-10T10:00:00Z .. 2018-05-12T23:59:55Z  cbp Ursula
  2018-05-12T23:59:55Z .. now  orr unknown
timeline:
  2018-05-10T10:00:00Z  person_record        cbp    cbp:S2  birth_date=2015-03-01 citizenship=GTM given_names=["José"] identifiers=[{"kind":"cbp_subject_id","value":"S2"}] maternal_surname=LÓPEZ paternal_surname=PÉREZ person_id=cbp:S2 sex=male
  2018-05-10T10:00:00Z  apprehension         cbp    cbp:S2  family_unit_id=FMU-1 person_id=cbp:S2 sector=rio_grande_valley station_id=Ursula
  2018-05-12T00:00:00Z  custody_transfer     cbp    cbp:S2  person_id=cbp:S2 receiving=orr/unknown releasing=cbp/Ursula
