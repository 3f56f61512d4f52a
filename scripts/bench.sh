#!/usr/bin/env bash
# `make bench`: runs every benchmark program in bench/ (each prints its figures and, where a peer
# can run here, the ratio against it).
set -euo pipefail
BUILD_DIR=${1:-build}
shopt -s nullglob
ran=0
for script in bench/*.sh; do
  echo "== $script"
  BUILD_DIR="$BUILD_DIR" bash "$script"
  ran=1
done
[[ $ran == 1 ]] || echo "no benchmarks yet"
