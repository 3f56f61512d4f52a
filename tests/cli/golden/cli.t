# The binary's frame: version, and exit code 2 for bad usage.
$ kinlink --version
? 0
kinlink 0.1.0
$ kinlink
? 2
$ kinlink no-such-command
? 2
