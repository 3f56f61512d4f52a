# `kinlink simulate`: the border-prosecution pipeline model, on small fast runs.
$ kinlink simulate --list
? 0
baseline-2017
fy2019-volume
reunify-at-sentencing
zero-tolerance-2018
zero-tolerance-with-notice
# An unknown scenario and an invalid file are bad input (the message names file, line, key).
$ kinlink simulate no-such-scenario
? 2
$ kinlink simulate $KINLINK_SOURCE_DIR/tests/sim/data/bad-type.toml
? 2
# The summary table: mean and 95% CI across replications.
$ kinlink simulate $KINLINK_SOURCE_DIR/tests/sim/data/tiny-zero-tolerance.toml --replications 2 --seed 7
? 0
Scenario tiny-zero-tolerance (2018-05-01 .. 2018-06-30), 2 replications, seed 7
                                                               mean  95% CI
Separations
  children separated                                            306  [159 .. 452]
  separation duration, days: median                            30.1  [19.9 .. 40.3]
  separation duration, days: 90th percentile                   50.6  [50 .. 51.3]
  separation duration, days: longest                           60.2  [57.1 .. 63.3]
  children reunified with the parent                           43.5  [-39.1 .. 126]
  children released to another sponsor                           24  [-14.1 .. 62.1]
  children still separated at the end                           238  [136 .. 340]
  children held by CBP over 72 hours                            221  [30.4 .. 412]
  parents removed while their child stays in ORR               65.5  [46.4 .. 84.6]
US Marshals custody (990 beds for these defendants)
  peak occupancy, all districts                                 143  [41.4 .. 245]
  mean occupancy, all districts                                72.2  [20 .. 124]
  S.D. Cal. (150 beds): peak                                     29  [-34.5 .. 92.5]
  S.D. Cal.: days over capacity                                   0  [0 .. 0]
  D. Ariz. (200 beds): peak                                    30.5  [24.1 .. 36.9]
  D. Ariz.: days over capacity                                    0  [0 .. 0]
  D.N.M. (40 beds): peak                                          7  [-5.7 .. 19.7]
  D.N.M.: days over capacity                                      0  [0 .. 0]
  W.D. Tex. (150 beds): peak                                     25  [-0.4 .. 50.4]
  W.D. Tex.: days over capacity                                   0  [0 .. 0]
  S.D. Tex. (450 beds): peak                                     65  [1.5 .. 129]
  S.D. Tex.: days over capacity                                   0  [0 .. 0]
ORR (14,000 beds, 11,900 taken by other children)
  peak occupancy                                             12,161  [12,072 .. 12,250]
  mean occupancy                                             12,045  [11,996 .. 12,094]
  days at capacity                                                0  [0 .. 0]
Prosecution (prosecuted / declined / declined for capacity)
  S.D. Cal.: prosecuted                                         316  [61.9 .. 570]
  S.D. Cal.: declined                                            16  [-34.8 .. 66.8]
  S.D. Cal.: declined for capacity                                0  [0 .. 0]
  D. Ariz.: prosecuted                                          315  [226 .. 404]
  D. Ariz.: declined                                             18  [-20.1 .. 56.1]
  D. Ariz.: declined for capacity                                 0  [0 .. 0]
  D.N.M.: prosecuted                                           36.5  [-8 .. 81]
  D.N.M.: declined                                                2  [2 .. 2]
  D.N.M.: declined for capacity                                   0  [0 .. 0]
  W.D. Tex.: prosecuted                                         259  [99.7 .. 417]
  W.D. Tex.: declined                                          15.5  [-3.6 .. 34.6]
  W.D. Tex.: declined for capacity                                0  [0 .. 0]
  S.D. Tex.: prosecuted                                         720  [364 .. 1,076]
  S.D. Tex.: declined                                          32.5  [-114 .. 179]
  S.D. Tex.: declined for capacity                                0  [0 .. 0]
Border Patrol agent-hours
  diverted to prosecution and separation                      8,865  [3,928 .. 13,801]
  total                                                      17,630  [11,407 .. 23,853]
Court order of 2018-06-26
  children under 5 separated on that day                       29.5  [10.4 .. 48.6]
    reunified by 2018-07-10                                     0.5  [-5.9 .. 6.9]
  children 5 and older separated on that day                    221  [132 .. 310]
    reunified by 2018-07-26                                       3  [-9.7 .. 15.7]
$ kinlink simulate $KINLINK_SOURCE_DIR/tests/sim/data/tiny-zero-tolerance.toml -n 1 --calibration --out out --truth truth.jsonl > /dev/null && ls out && tail -n 1 truth.jsonl
? 0
calibration.csv
daily.csv
occupancy.svg
separation-duration.svg
separations.svg
summary.csv
summary.json
{"events":30880,"families":895,"persons":5850,"record":"footer"}
