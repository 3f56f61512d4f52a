# `kinlink link --db`: the small synthesized set is ingested, then linked into the same ledger.
# Before linking, the ORR referrals flag children separated without naming a parent; after, the
# parents the linker found fill those separations (marked *), and a second run adds nothing.
$ for a in cbp usao usms ice orr; do kinlink ingest --db l.db --source $a $KINLINK_SOURCE_DIR/tests/linkage/data/small_synth/${a}_* --recorded-at 2026-01-01T00:00:00Z >/dev/null || exit 1; done; kinlink separations --db l.db --open --as-of 2018-06-10 | head -n 5
? 0
103 open separations as of 2018-06-10T00:00:00Z (0 past a reunification deadline)
child                  parent                 age  days separated  due          child is at                              parent is at
orr:UAC0000004         (not recorded)          11    38 2018-05-02 2018-07-26   orr ORR shelter, California              
orr:UAC0000005         (not recorded)           5    38 2018-05-02 2018-07-26   orr ORR shelter, Arizona                 
orr:UAC0000006         (not recorded)          11    38 2018-05-02 2018-07-26   orr ORR shelter, Arizona                 
$ kinlink link $KINLINK_SOURCE_DIR/tests/linkage/data/small_synth --db l.db --out o --recorded-at 2026-01-02T00:00:00Z 2>/dev/null | tail -n 2
? 0
wrote o
ledger l.db: 4192 link decisions accepted, 320 proposed, 0 already recorded; 308 family links asserted (584 relationship events), 49 proposed for review, 0 already recorded
$ kinlink separations --db l.db --open --as-of 2018-06-10 | head -n 5
? 0
103 open separations as of 2018-06-10T00:00:00Z (0 past a reunification deadline)
child                  parent                 age  days separated  due          child is at                              parent is at
cbp:S000000067         cbp:S000000066*          5    38 2018-05-02 2018-07-26   orr ORR shelter, Arizona                 ice ICE adult detention (Southwest)
cbp:S000000095         cbp:S000000094*         11    38 2018-05-02 2018-07-26   orr ORR shelter, Arizona                 ice ICE adult detention (Southwest)
cbp:S000000128         cbp:S000000127*         11    38 2018-05-02 2018-07-26   orr ORR shelter, California              ice ICE adult detention (Southwest)
$ kinlink separations --db l.db --open --as-of 2018-06-10 | tail -n 1
? 0
* 100 parents found by record linkage (`kinlink link --db`); `kinlink status --person CHILD` shows the evidence
$ kinlink separations --db l.db --open --as-of 2018-06-10 --json | head -n 20
? 0
{
  "as_of": "2018-06-10T00:00:00Z",
  "known_at": "everything recorded",
  "open": 103,
  "parents_found_by_linkage": 100,
  "separations": [
    {
      "as_of": "2018-06-10T00:00:00Z",
      "child_age": 5,
      "child_birth_date": "2012-07-30",
      "child_birth_date_source": "cbp:S000000067",
      "child_custody": {
        "agency": "orr",
        "facility_id": "ORR shelter, Arizona",
        "person_id": "cbp:S000000067",
        "since": "2018-05-03T23:59:55Z",
        "where": "in_custody"
      },
      "child_id": "cbp:S000000067",
      "child_name": "José AMAYA SÁNCHEZ",
$ kinlink link $KINLINK_SOURCE_DIR/tests/linkage/data/small_synth --db l.db --recorded-at 2026-01-03T00:00:00Z --json 2>/dev/null | grep -A 10 '"ledger"'
? 0
  "ledger": {
    "accepted": 0,
    "db": "l.db",
    "family_links_asserted": 0,
    "family_links_proposed": 0,
    "family_links_skipped": 0,
    "family_links_unchanged": 357,
    "proposed": 0,
    "relationship_events": 0,
    "unchanged": 4512
  },
$ kinlink verify --db l.db
? 0
ok: 20686 entries, chain intact, head 4a7447b17a669c98bbd45dc2a8e5288f486e3cd643d0abe42aa101b7b6e5fb14
