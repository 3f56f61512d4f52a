# `kinlink parse`: how agency dates and A-numbers are read.
$ kinlink parse date 2011-03-05 2011-03 2011 3/5/2011 --order mdy
? 0
2011-03-05	ok	2011-03-05	YYYY-MM-DD	2011-03-05 .. 2011-03-05
2011-03	ok	2011-03	YYYY-MM	2011-03-01 .. 2011-03-31
2011	ok	2011	YYYY	2011-01-01 .. 2011-12-31
3/5/2011	ok	2011-03-05	MM/DD/YYYY	2011-03-05 .. 2011-03-05
$ kinlink parse date 03/05/2011
? 2
03/05/2011	ambiguous	2011-03-05 or 2011-05-03 (MM/DD/YYYY or DD/MM/YYYY); give --order
$ kinlink parse date 5-MAR-2011 20110305 "age 7 on 2018-05-10" "~2011"
? 0
5-MAR-2011	ok	2011-03-05	DD-MON-YYYY	2011-03-05 .. 2011-03-05
20110305	ok	2011-03-05	YYYYMMDD	2011-03-05 .. 2011-03-05
age 7 on 2018-05-10	ok	age 7 on 2018-05-10	age	2010-05-11 .. 2011-05-10
~2011	ok	~2011	YYYY	2011-01-01 .. 2011-12-31
$ kinlink parse date 2011-02-30 --json
? 2
[
  {
    "error": "cannot read date '2011-02-30': expected YYYY-MM-DD or YYYY-MM",
    "input": "2011-02-30",
    "status": "invalid"
  }
]
$ kinlink parse a-number A12345678 a-012-345-678 A1234
? 2
A12345678	ok	A012345678
a-012-345-678	ok	A012345678
A1234	invalid	A-number 'A1234' has 4 digits; it must have 8 or 9
$ kinlink parse a-number A212345678 --json
? 0
[
  {
    "a_number": "A212345678",
    "input": "A212345678",
    "status": "ok"
  }
]
$ kinlink parse date --order ymd 2011
? 2
