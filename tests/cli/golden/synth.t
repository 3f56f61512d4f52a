# `kinlink synth`: a small truth stream (two families, a single adult) into five agency exports
# and an answer key. The golden runner cannot see the source tree, so the first case unpacks
# tests/synth/data/small_truth.jsonl (gzip -9n | base64) into the scratch directory.
$ echo H4sIAAAAAAACA9VZ227jNhB9368Q/LwEdLflx+522wJtETTeAm2xEGiKtrmrG0jKjRvk3zukpFiKFZlWnQQF8mBR1Mw5M0POIXM/45QUPJktrdmO4oTy2Xtrtil4hqUa+8bylOXfkOSV3KlXe8oFK3J458CTIDTHnBVqqshwmiJJhVTzBKXKqKNmcVqmjGBZf2ertxJzbd+1nQWyA2Q7K9te6r8/1ec0T46vI+TZndcP7+47qDeYsJTJg8bd/I6ZfkXWJeLbPaq4qFKsJuQ4o+rNZz1ifaC55Di1bnhBqBAs3+qhOghAvbUSk3piXD5OrDkSWXA1B0IQbznOExrvIQr0cBnIQ5UhCIkOUAflH1WGrdvjeItoDVYpj0sseZHGnQ+PgMAiNsdQiUwgkUh6h0iBwWDahfGhHrK+g6RYH6mEWIC/gUgpM/FXzPTXCROSM6KzLJIYbJvjYYSisuASMYHXtAfmBoatn/TwKBYwEeOkSmWctLMu858wnceO69sC1oC1ondYWJ9wxtKD9RsVLFHWITzDGDZ6YsyPE81hFJwjggVGJU447aUERq2bdrT1B/NjsaOpgtF3UsKqrUuk/tU4uHHqqrlTD7B8tbU143IXJ1hqT060CJHtIcdX7wiT7B+aix0r1csfVr+o0RTn2wpvaW0lM/Ttdnxv6LB3WP8OsuewBVzbu3eWOfgOELh3vam+m9xXOZN1dh8fGxSfdPwzmq0BGwz81WSkjg1g/NI3yGmq17pGoShhDjXVSybZsTTphfhx12BFWmxhH35agZda9YysPhd43yDtThTZyHbhbyD0P/768WnoRYkNvQdmRefpnhRO9X4+8e5J4nVcAN9FKfdPkhP8p+SEBvvBPEKOCx15IDi3P/9+Pjh0DwR0j98fmXyvy0weSv0RLktOd2C36Wt0s4HOxvawpfdUgwOywFv6j6phYHN7btGN9e5aoKioDwsJEz7u9fm4b8nHuz4f7y35+F0+nG4o57XqGeMSdRTqQK0NSJ4GalUvnkUliOO5gRHCoIsQhCdEpNKcE0qYQeQddwra1pHyCqKfmiANu0hJJWSRHGLQy7nY1IJoDKU/jhL2P4q14F5a9zPYVHJyaFJ+XvE/aAOEsv2pASVWzaTwg0kM5t0YCArb9KMqN2V/2roHOvFz64VDlPTxqv2oUzFG5ba4MgHvtQlEXQJwluXNKe1Z9HDkXExZIqSoeOtV/0ZrXvydi706MegJWNA4r1Rz1y1zCQ6zr8i2fUeXSQLbTZ7gXKrWH/pG7dHupweOGjmhZ+g59ji9sziZKAvBmnP7TLKMxoLyPZzs3x8XeoIPiodtRKPX5tV5xWjrBSrh6EKprUDC45MdoillfRuhNrSBqjRC7l4dufdKyKe1bmfluksnGC4ff0zWPrmFGOzW3RsPIxL+9UkEr04imETCXdnhsws5fDGw4dOCL1NMaNbOHUEbja7V8UsOI2jz60PzrgRtMVkLuSvHmaaFLpAyI4KI1f3kzFWckRhyoslR8Ma6lj9NEfZKf1IEmstAI/Ku/TLkg/8FeWcyeX+MfPhW5C+ufdftnyyzYj+mEUJk+yt7fkaoFVUu+aFz8YgJKbIS5welHPRGBsJAXSR9McLoTctSDTaatktdM8b+ZPzR2LnYn4b/ogUSvAz04BWgh6cSWPkbOYbMNWp7VA/AGSMXtXohKRz54vrKc/+04W6Kovn/Ss1cH55aBceoenRbyPohfHj3L9ixe8TfHAAA | base64 -d | gunzip > truth.jsonl && echo H4sIAAAAAAACA11QwWrDMAy97zN8TsDuKKy5j50GO/S0S1AdmYgmtpHVsLbs36e4HaMDg/X0np6fdTWMPvFgOjMiDMimMSHxDKKdI8WJ4rEVPsmoxIJcKEXTucYUjxGYksoOMChZENXFfT9d/yyzDqi+uRc9rc0PV9VfWgacYUKFB2IZ+wEEtet2O9tap0cZT0IXjGWkrNTb/t08vIALRlFZvW/+r+uYnPNqBTkzjjpONQaGgF5owb7+b2PdS2u3rbN7+9xZq+fzf9hNDeslsaLzaYYVCwj9KspjoJCS1C3eXEpdVoCZJkIF9h611FX9AHnFnrF+AQAA | base64 -d | gunzip > bad_truth.jsonl && wc -l truth.jsonl bad_truth.jsonl
? 0
  45 truth.jsonl
   4 bad_truth.jsonl
  49 total
$ kinlink synth --truth truth.jsonl --out out --seed 7
? 0
synthesized 17 records for 6 persons in 2 families from 26 events
3 of the rows are later versions of a CBP record (e3 revisions)
scenario small-test, seed 7, written to out/ with answer_key.jsonl
agency file                        records
cbp    cbp_apprehensions.csv             9
usao   usao_dockets.txt                  1
usms   usms_bookings.csv                 1
ice    ice_detentions.tsv                4
orr    orr_placements.jsonl              2
error                                   applied opportunities    rate configured
typo_keyboard                                 0            16    0.0%       2.0%
typo_phonetic                                 0            16    0.0%       4.0%
typo_ocr                                      0            16    0.0%       0.5%
accent_dropped                                1             4   25.0%      40.0%
accent_mangled                                0             4    0.0%       3.0%
surnames_swapped                              0            16    0.0%       3.0%
maternal_surname_dropped                      3            16   18.8%      15.0%
given_names_truncated                         1            16    6.2%      10.0%
nickname                                      0            14    0.0%       3.0%
spelling_variant                              1             2   50.0%      10.0%
day_month_swapped                             0             4    0.0%       3.0%
unknown_birth_date_jan1                       1            13    7.7%       4.0%
age_instead_of_birth_date                     0             8    0.0%      10.0%
a_number_missing_adult                        0             6    0.0%      10.0%
a_number_missing_child                        4             6   66.7%      45.0%
family_unit_dropped_after_separation          0             3    0.0%      70.0%
wrong_family_unit                             1             1  100.0%       1.0%
false_relationship_claim                      0             1    0.0%       5.0%
duplicate_record                              0            14    0.0%       2.0%
late_record                                   0            14    0.0%       3.0%
book_out_not_recorded                         0             4    0.0%       3.0%
time_not_recorded                             0             2    0.0%       5.0%
$ cat out/cbp_apprehensions.csv
? 0
EVENT_NO,SUBJECT_ID,FAMILY_UNIT_ID,FAMILY_ROLE,CLAIMED_PARENT_ID,NAME,SEX,DOB,AGE,CITIZENSHIP,A_NUMBER,APPREHENSION_DATE,APPREHENSION_TIME,SECTOR,STATION,ENTRY_DATE,BOOK_OUT_DATE,BOOK_OUT_TIME,BOOK_OUT_DISPOSITION
E3-000000001,S000000001,FMU-RGV-0000001,HOH,,"PASCUAL CHOC, Juan Jorge",M,01/01/1986,32,GUATEMALA,A204162420,05/10/2018,03:40,RGV,Ursula Central Processing Center,05/10/2018,05/10/2018,14:00,TRANSFER_USMS
E3-000000002,S000000002,FMU-RGV-0000001,CHILD,S000000001,"PASCUAL, Guadalupe Yessenia",F,07/09/2011,6,GUATEMALA,,05/10/2018,03:40,RGV,Ursula Central Processing Center,05/10/2018,,,
E3-000000003,S000000003,FMU-RGV-0000001,CHILD,S000000001,"PASCUAL, Eduardo",M,11/23/2015,2,GUATEMALA,,05/10/2018,03:40,RGV,Ursula Central Processing Center,05/11/2018,,,
E3-000000004,S000000004,FMU-YUM-0000002,HOH,,"SERRANO LÓPEZ, Fernanda Rosa",F,02/02/1990,28,HONDURAS,A204162423,05/11/2018,22:15,YUM,Yuma Station,05/11/2018,,,
E3-000000004,S000000004,FMU-YUM-0000002,HOH,,"SERRANO LÓPEZ, Fernanda Rosa",F,02/02/1990,28,HONDURAS,A204162423,05/11/2018,22:15,YUM,Yuma Station,05/13/2018,05/13/2018,10:00,TRANSFER_ICE
E3-000000005,S000000005,FMU-RGV-0000001,CHILD,S000000004,"MORALES SERRANO, Daniela Patricia",F,05/06/2013,5,HONDURAS,,05/11/2018,22:15,YUM,Yuma Station,05/11/2018,,,
E3-000000005,S000000005,FMU-RGV-0000001,CHILD,S000000004,"MORALES SERRANO, Daniela Patricia",F,05/06/2013,5,HONDURAS,,05/11/2018,22:15,YUM,Yuma Station,05/13/2018,05/13/2018,10:00,TRANSFER_ICE
E3-000000006,S000000006,,,,"RAMOS, Francisco José",M,12/30/1979,38,EL SALVADOR,A204162425,05/12/2018,06:00,YUM,Yuma Station,05/13/2018,,,
E3-000000006,S000000006,,,,"RAMOS, Francisco José",M,12/30/1979,38,EL SALVADOR,A204162425,05/12/2018,06:00,YUM,Yuma Station,05/14/2018,05/14/2018,10:00,TRANSFER_ICE
$ cat out/usao_dockets.txt
? 0
ENTRY_ID|CASE_NUMBER|DISTRICT|DEFENDANT|STATUTE|HEARING_DATE|DEFENDANTS_IN_HEARING|DISPOSITION|SENTENCE_DATE|SENTENCE_DAYS|ENTRY_DATE
D000000001|1:18-mj-00417|S.D. Tex.|Juan Jorge Pascual-Choc|8 USC 1325|11-MAY-2018|64|TIME SERVED|11-MAY-2018|0|11-MAY-2018
$ iconv -f ISO-8859-1 -t UTF-8 out/usms_bookings.csv | tr -d '\r'
? 0
"BOOKING_ID";"USMS_NO";"LAST_NAME";"FIRST_NAME";"MIDDLE_NAME";"SEX";"DOB";"CITIZENSHIP";"DISTRICT";"FACILITY";"CASE_NUMBER";"BOOKING_DATE";"RELEASE_DATE";"RELEASED_TO";"ENTRY_DATE";"BOOKING_TIME";"RELEASE_TIME"
"B000000001";"00001-179";"PASCUAL CHOC";"JUAN";"JORGE";"M";"19860314";"Guatemala";"sd_tex";"Coastal Bend Detention Center";"1:18-mj-00417";"20180510";"20180512";"ICE";"20180512";"14:00";"11:00"
$ cat out/ice_detentions.tsv
? 0
STAY_ID	A_NUMBER	LAST_NAME	FIRST_NAME	SEX	DOB	CITIZENSHIP	FACILITY	FACILITY_TYPE	BOOK_IN	BOOK_OUT	BOOK_OUT_REASON	REMOVAL_DATE	REMOVAL_COUNTRY	ACCOMPANYING_CHILDREN	ENTRY_DATE
ST000000001	A204162420	PASCUAL CHOC	JUAN JORGE	Male	1986-03-14	GTM	Port Isabel Detention Center	ADULT	2018-05-12 11:00	2018-06-04 09:00	REMOVED	2018-06-04	GTM	0	2018-06-05
ST000000002	A204162423	SERRANO LOPEZ	FERNANDA ROSA	Female	1990-02-02	HND	South Texas Family Residential Center	FAMILY	2018-05-13 10:00	2018-06-09 12:00	RELEASED				2018-06-10
ST000000003	A204162424	MORALES SERRANO	DANIELA	Female	2013-05-06	HND	South Texas Family Residential Center	FAMILY	2018-05-13 10:00	2018-06-09 12:00	RELEASED				2018-06-09
ST000000004	A204162425	RAMOS PÉREZ	FRANCISCO JOSÉ	Male	1979-12-30	SLV	Port Isabel Detention Center	ADULT	2018-05-14 10:00						2018-10-01
$ cat out/orr_placements.jsonl
? 0
{"placement_id":"PL000000001","uac_id":"UAC0000001","a_number":"A204162421","first_name":"Guadalupe Yesenia","last_name":"Pascual Tum","gender":"Female","dob":"7/9/2011","age":null,"country_of_birth":"Guatemala","program":"Casa Padre","referral_date":"5/11/2018","referral_source":"CBP","separated":true,"admission_date":"5/12/2018","discharge_date":"7/9/2018","discharge_type":"Sponsor - close relative","parent_info":"Father: Juan Jorge Pascual Choc","entered":"7/9/2018"}
{"placement_id":"PL000000002","uac_id":"UAC0000002","a_number":null,"first_name":"Eduardo","last_name":"Pascual Tum","gender":"Male","dob":"11/23/2015","age":null,"country_of_birth":"Guatemala","program":"Casa Padre","referral_date":"5/11/2018","referral_source":"CBP","separated":true,"admission_date":"5/12/2018","discharge_date":null,"discharge_type":null,"parent_info":"Padre: Juan Jorge Pascual Choc (in ICE custody)","entered":"10/1/2018"}
$ head -n 6 out/answer_key.jsonl
? 0
{"kind":"header","format":"kinlink-synth-key","version":1,"scenario":"small-test","seed":11,"synth_seed":7,"files":{"cbp":"cbp_apprehensions.csv","usao":"usao_dockets.txt","usms":"usms_bookings.csv","ice":"ice_detentions.tsv","orr":"orr_placements.jsonl"}}
{"kind":"relationship","parent_id":"P1","child_id":"P2","relationship":"biological"}
{"kind":"relationship","parent_id":"P1","child_id":"P3","relationship":"biological"}
{"kind":"relationship","parent_id":"P4","child_id":"P5","relationship":"biological"}
{"kind":"record","agency":"usao","file":"usao_dockets.txt","record_id":"D000000001","person_id":"P1","family_unit_id":"F1","event_ids":["E9","E10"],"duplicate_of":null,"late":false,"version":1,"errors":[],"claimed_parent_id":null,"claim_true":null}
{"kind":"record","agency":"usms","file":"usms_bookings.csv","record_id":"B000000001","person_id":"P1","family_unit_id":"F1","event_ids":["E6","E18"],"duplicate_of":null,"late":false,"version":1,"errors":[],"claimed_parent_id":null,"claim_true":null}
$ kinlink synth --truth truth.jsonl --out out2 --seed 7 >/dev/null && cd out2 && for f in *; do cmp "$f" "../out/$f" && echo "$f identical"; done
? 0
answer_key.jsonl identical
cbp_apprehensions.csv identical
ice_detentions.tsv identical
orr_placements.jsonl identical
usao_dockets.txt identical
usms_bookings.csv identical
$ printf '[names]\ntypo_keyboard = 0\ntypo_phonetic = 0\ntypo_ocr = 0\naccent_dropped = 0\naccent_mangled = 0\nsurnames_swapped = 0\nmaternal_surname_dropped = 0\ngiven_names_truncated = 0\nnickname = 0\nspelling_variant = 0\n[dates]\nday_month_swapped = 0\nunknown_birth_date_jan1 = 0\nage_instead_of_birth_date = 0\n[identifiers]\na_number_missing_adult = 0\na_number_missing_child = 0\n[families]\nfamily_unit_dropped_after_separation = 0\nwrong_family_unit = 0\nfalse_relationship_claim = 0\n[records]\nduplicate_record = 0\nlate_record = 0\n' > clean.toml
? 0
$ kinlink synth --truth truth.jsonl --out clean --seed 7 --json --config clean.toml
? 0
{
  "truth": "truth.jsonl",
  "out": "clean",
  "scenario": "small-test",
  "seed": 7,
  "persons": 6,
  "families": 2,
  "relationships": 3,
  "events": 26,
  "records_total": 17,
  "late_records": 0,
  "duplicate_records": 0,
  "revision_rows": 3,
  "answer_key": "answer_key.jsonl",
  "records": {
    "cbp": {
      "file": "cbp_apprehensions.csv",
      "records": 9
    },
    "usao": {
      "file": "usao_dockets.txt",
      "records": 1
    },
    "usms": {
      "file": "usms_bookings.csv",
      "records": 1
    },
    "ice": {
      "file": "ice_detentions.tsv",
      "records": 4
    },
    "orr": {
      "file": "orr_placements.jsonl",
      "records": 2
    }
  },
  "errors": {
    "typo_keyboard": {
      "applied": 0,
      "opportunities": 16,
      "configured_rate": 0.0
    },
    "typo_phonetic": {
      "applied": 0,
      "opportunities": 16,
      "configured_rate": 0.0
    },
    "typo_ocr": {
      "applied": 0,
      "opportunities": 16,
      "configured_rate": 0.0
    },
    "accent_dropped": {
      "applied": 0,
      "opportunities": 4,
      "configured_rate": 0.0
    },
    "accent_mangled": {
      "applied": 0,
      "opportunities": 4,
      "configured_rate": 0.0
    },
    "surnames_swapped": {
      "applied": 0,
      "opportunities": 16,
      "configured_rate": 0.0
    },
    "maternal_surname_dropped": {
      "applied": 0,
      "opportunities": 16,
      "configured_rate": 0.0
    },
    "given_names_truncated": {
      "applied": 0,
      "opportunities": 16,
      "configured_rate": 0.0
    },
    "nickname": {
      "applied": 0,
      "opportunities": 14,
      "configured_rate": 0.0
    },
    "spelling_variant": {
      "applied": 0,
      "opportunities": 2,
      "configured_rate": 0.0
    },
    "day_month_swapped": {
      "applied": 0,
      "opportunities": 4,
      "configured_rate": 0.0
    },
    "unknown_birth_date_jan1": {
      "applied": 0,
      "opportunities": 13,
      "configured_rate": 0.0
    },
    "age_instead_of_birth_date": {
      "applied": 0,
      "opportunities": 8,
      "configured_rate": 0.0
    },
    "a_number_missing_adult": {
      "applied": 0,
      "opportunities": 6,
      "configured_rate": 0.0
    },
    "a_number_missing_child": {
      "applied": 0,
      "opportunities": 6,
      "configured_rate": 0.0
    },
    "family_unit_dropped_after_separation": {
      "applied": 0,
      "opportunities": 3,
      "configured_rate": 0.0
    },
    "wrong_family_unit": {
      "applied": 0,
      "opportunities": 1,
      "configured_rate": 0.0
    },
    "false_relationship_claim": {
      "applied": 0,
      "opportunities": 1,
      "configured_rate": 0.0
    },
    "duplicate_record": {
      "applied": 0,
      "opportunities": 14,
      "configured_rate": 0.0
    },
    "late_record": {
      "applied": 0,
      "opportunities": 14,
      "configured_rate": 0.0
    },
    "book_out_not_recorded": {
      "applied": 0,
      "opportunities": 4,
      "configured_rate": 0.03
    },
    "time_not_recorded": {
      "applied": 0,
      "opportunities": 2,
      "configured_rate": 0.05
    }
  }
}
$ cut -d, -f6-7 clean/cbp_apprehensions.csv
? 0
NAME,SEX
"PASCUAL CHOC, Juan Jorge"
"PASCUAL TUM, Guadalupe Yesenia"
"PASCUAL TUM, Eduardo"
"SERRANO LÓPEZ, Fernanda Rosa"
"SERRANO LÓPEZ, Fernanda Rosa"
"MORALES SERRANO, Daniela Patricia"
"MORALES SERRANO, Daniela Patricia"
"RAMOS PÉREZ, Francisco José"
"RAMOS PÉREZ, Francisco José"
$ kinlink synth --truth missing.jsonl --out out3
? 2
$ kinlink synth --truth bad_truth.jsonl --out out3
? 2
$ kinlink synth --truth truth.jsonl --out out3 --config truth.jsonl
? 2
$ kinlink synth --out out3
? 2
# The CBP export through config/mappings/cbp.toml. A book-out (e3 detention module) becomes a
# custody_transfer releasing CBP to the agency its disposition names, so the stay at the station
# ends; a later version of a record (same EVENT_NO, later ENTRY_DATE) is a revision: corrections
# of the events it changes (a book-out version changes none: it only adds the book-out).
$ kinlink ingest --db l.db --source cbp out/cbp_apprehensions.csv --recorded-at 2026-01-01T00:00:00Z --as-of 2018-05-11
? 0
source cbp: 1 file(s), 9 rows: 9 accepted (3 revisions), 0 duplicates, 0 quarantined; 19 entries appended (13 events, 6 identity records)
alerts as of 2018-05-11T00:00:00Z: 0 active, 0 new
$ kinlink status --db l.db --person cbp:S000000004 | grep -E '^  20.*\.\.|custody_transfer|correction'
? 0
  2018-05-11T22:15:00Z .. 2018-05-13T10:00:00Z  cbp Yuma Station
  2018-05-13T10:00:00Z .. now  ice unrecorded
  2018-05-13T10:00:00Z  custody_transfer     cbp    cbp:S000000004  person_id=cbp:S000000004 receiving=ice/unrecorded releasing=cbp/Yuma Station
# With every referred family's unit deleted (rate 1): each member's record is written first with
# the unit, then again without it, entered the day of the referral; the book-out rides on the
# version entered the day it happened.
$ printf '[families]\nfamily_unit_dropped_after_separation = 1.0\n' > drop.toml && kinlink synth --truth truth.jsonl --out drop --seed 7 --config drop.toml >/dev/null && awk -F, '{print $1","$3","$(NF-3)","$(NF-2)","$(NF-1)","$NF}' drop/cbp_apprehensions.csv
? 0
EVENT_NO,FAMILY_UNIT_ID,ENTRY_DATE,BOOK_OUT_DATE,BOOK_OUT_TIME,BOOK_OUT_DISPOSITION
E3-000000001,FMU-RGV-0000001,05/10/2018,,,
E3-000000001,,05/10/2018,05/10/2018,14:00,TRANSFER_USMS
E3-000000002,FMU-RGV-0000001,05/10/2018,,,
E3-000000002,,05/10/2018,,,
E3-000000003,FMU-RGV-0000001,05/11/2018,,,
E3-000000003,,05/11/2018,,,
E3-000000004,FMU-YUM-0000002,05/11/2018,,,
E3-000000004,FMU-YUM-0000002,05/13/2018,05/13/2018,10:00,TRANSFER_ICE
E3-000000005,FMU-RGV-0000001,05/11/2018,,,
E3-000000005,FMU-RGV-0000001,05/13/2018,05/13/2018,10:00,TRANSFER_ICE
E3-000000006,,05/13/2018,,,
E3-000000006,,05/14/2018,05/14/2018,10:00,TRANSFER_ICE
$ grep -c '"version":2' drop/answer_key.jsonl
? 0
6
$ kinlink ingest --db d.db --source cbp drop/cbp_apprehensions.csv --recorded-at 2026-01-01T00:00:00Z --as-of 2018-05-11
? 0
source cbp: 1 file(s), 12 rows: 12 accepted (6 revisions), 0 duplicates, 0 quarantined; 22 entries appended (16 events, 6 identity records)
alerts as of 2018-05-11T00:00:00Z: 3 active, 3 new
$ kinlink status --db d.db --person cbp:S000000002 | grep -E 'apprehension|correction'
? 0
  2018-05-10T03:40:00Z  apprehension         cbp    cbp:S000000002  family_unit_id=FMU-RGV-0000001 person_id=cbp:S000000002 sector=rio_grande_valley station_id=Ursula Central Processing Center  [superseded by cbp:E3-000000002:apprehension~9a3958aafcdf]
  2018-05-10T03:40:00Z  correction           cbp    cbp:S000000002  reason=the source record was revised replacement=apprehension supersedes_event_id=cbp:E3-000000002:apprehension
