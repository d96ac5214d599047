#!/usr/bin/env bash
# Score `cra ask` with ../shared/eval/check.py on the rehearsal sets in tests/questions/ and on the
# public dev sets in ../shared/eval/, one file at a time (per-file figures). Extra arguments go to
# check.py, e.g. `scripts/eval_shared.sh --max-wrong 0`. Exit status 1 when any file fails them.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
shared="$(dirname "$root")/shared"
python="$root/.venv/bin/python"
check="$shared/eval/check.py"
if [ ! -f "$check" ]; then
    echo "eval_shared.sh: $check not found (../shared is not beside the repository)" >&2
    exit 2
fi
status=0
sets="retail_dev alexa_dev spider_simple_dev"
for f in $(for s in $sets; do echo "$root/tests/questions/$s.jsonl"; done) "$shared"/eval/*.jsonl; do
    [ -f "$f" ] || continue
    echo "== ${f#"$(dirname "$root")/"}"
    "$python" "$check" "$f" --cmd "$root/.venv/bin/cra ask" --shared "$shared/datasets" -v "$@" || status=1
done
exit $status
