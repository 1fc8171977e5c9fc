#!/usr/bin/env bash
# Builds the Lambda artifact: a fully static x86_64 `replies-engine` binary, stripped, zipped as
# `bootstrap` for the provided.al2023 runtime.
#
#   scripts/build-lambda.sh              # -> dist/replies-engine-lambda-x86_64.zip
#
# Why static: `--static-swift-stdlib` alone still links glibc dynamically and needs a newer glibc
# than Amazon Linux 2023 has; `-static-executable` links everything in. Only x86_64 can be built
# here (no Docker, no Static Linux SDK); docs/DEPLOY.md shows the arm64 routes.
set -euo pipefail

cd "$(dirname "$0")/.."
product=replies-engine
scratch=.build-lambda
out=dist
zip_name="$product-lambda-x86_64.zip"

fail() { echo "build-lambda: $*" >&2; exit 1; }
for tool in swift strip file zip; do
    command -v "$tool" >/dev/null || fail "$tool not found (apt-get install binutils file zip)"
done
[[ "$(uname -m)" == "x86_64" ]] || fail "this script builds x86_64 on an x86_64 host; see docs/DEPLOY.md for arm64"
# The embedded backend (GRDB) links SQLite: the static build takes libsqlite3.a from libsqlite3-dev.
scripts/ensure-sqlite.sh

echo "== swift build -c release --product $product -Xswiftc -static-executable"
started=$(date +%s)
swift build -c release --product "$product" --scratch-path "$scratch" -Xswiftc -static-executable
echo "   built in $(( $(date +%s) - started )) s"

binary="$(swift build -c release --product "$product" --scratch-path "$scratch" -Xswiftc -static-executable --show-bin-path)/$product"
[[ -x "$binary" ]] || fail "no binary at $binary"

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp "$binary" "$staging/bootstrap"
unstripped=$(stat -c %s "$staging/bootstrap")
strip "$staging/bootstrap"
chmod 755 "$staging/bootstrap"

echo "== checking that bootstrap is static"
description="$(file -b "$staging/bootstrap")"
echo "   file: $description"
[[ "$description" == *"x86-64"* ]] || fail "bootstrap is not an x86-64 executable"
[[ "$description" == *"statically linked"* || "$description" == *"static-pie linked"* ]] || fail "bootstrap is not statically linked"
if command -v ldd >/dev/null; then
    ldd_output="$(ldd "$staging/bootstrap" 2>&1 || true)"
    echo "   ldd: $ldd_output"
    [[ "$ldd_output" == *"not a dynamic executable"* || "$ldd_output" == *"statically linked"* ]] \
        || fail "ldd lists shared libraries; Lambda's provided.al2023 would not load them"
fi

mkdir -p "$out"
rm -f "$out/$zip_name"
# -X: no extra file attributes; the zip holds exactly one executable file named bootstrap.
(cd "$staging" && zip -q -X -9 "$OLDPWD/$out/$zip_name" bootstrap)
zip_size=$(stat -c %s "$out/$zip_name")
binary_size=$(stat -c %s "$staging/bootstrap")

mib() { awk -v bytes="$1" 'BEGIN { printf "%.1f MiB", bytes / 1048576 }'; }
echo "== artifact"
echo "   bootstrap (unstripped): $unstripped bytes ($(mib "$unstripped"))"
echo "   bootstrap (stripped):   $binary_size bytes ($(mib "$binary_size"))"
echo "   $out/$zip_name: $zip_size bytes ($(mib "$zip_size"))"
# Lambda's limits for a directly uploaded zip: 50 MB zipped, 250 MB unzipped.
(( binary_size < 250 * 1000 * 1000 )) || fail "bootstrap exceeds Lambda's 250 MB unzipped limit"
(( zip_size < 50 * 1000 * 1000 )) || echo "   note: over 50 MB zipped: deploy through S3 (sam deploy does)"
