#!/usr/bin/env bash
# Builds the kernels crate (wasm/) to wasm/dativo_kernels.wasm with Debian's Rust toolchain.
# The CSV tokenizer uses SIMD (simd128): Bun, Deno, workerd and current browsers all run it; where a
# host does not, the binding falls back to the TypeScript twins.
# The build is reproducible: a clean build gives the same bytes on every machine with the same
# packages, so CI can rebuild and compare.
#
#   scripts/build-wasm.sh           build and copy to wasm/dativo_kernels.wasm
#   scripts/build-wasm.sh --check   rebuild in a temporary directory; fail if the bytes differ
#   scripts/build-wasm.sh --test    run the crate's native unit tests
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
crate="$root/wasm"
artifact="$crate/dativo_kernels.wasm"
mode="${1:-build}"

# The rustup shims usually come first on PATH and have no wasm32 standard library: use Debian's.
export RUSTC=/usr/bin/rustc
cargo=/usr/bin/cargo

ensure_toolchain() {
  if [[ -x /usr/bin/rustc && -x $cargo && -d /usr/lib/rustlib/wasm32-unknown-unknown ]] \
    && command -v wasm-ld-14 >/dev/null 2>&1; then
    return
  fi
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "build-wasm: installing rustc, cargo, libstd-rust-dev-wasm32, lld-14" >&2
  flock /tmp/apt.lock $sudo apt-get update
  flock /tmp/apt.lock $sudo apt-get install -y --no-install-recommends rustc cargo libstd-rust-dev-wasm32 lld-14
}

# Builds a copy of the crate at a fixed-depth path so that nothing depends on where the
# checkout lives, and prints the path of the built module.
build_into() {
  local work="$1"
  mkdir -p "$work/dativo_kernels"
  cp "$crate/Cargo.toml" "$work/dativo_kernels/"
  cp -r "$crate/src" "$work/dativo_kernels/"
  (
    cd "$work/dativo_kernels"
    CARGO_HOME="$work/cargo-home" SOURCE_DATE_EPOCH=0 \
      RUSTFLAGS="--remap-path-prefix=$work=/build -C link-arg=--no-entry" \
      "$cargo" build --offline --quiet --release --target wasm32-unknown-unknown --target-dir "$work/target" >&2
  )
  echo "$work/target/wasm32-unknown-unknown/release/dativo_kernels.wasm"
}

ensure_toolchain
case "$mode" in
  build)
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    cp "$(build_into "$work")" "$artifact"
    echo "build-wasm: wrote $artifact ($(wc -c <"$artifact") bytes, sha256 $(sha256sum "$artifact" | cut -d' ' -f1))"
    ;;
  --check)
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    built="$(build_into "$work")"
    if ! cmp -s "$built" "$artifact"; then
      echo "build-wasm: wasm/dativo_kernels.wasm does not match a clean build of wasm/src" >&2
      echo "  committed: $(sha256sum "$artifact" 2>/dev/null | cut -d' ' -f1)" >&2
      echo "  rebuilt:   $(sha256sum "$built" | cut -d' ' -f1)" >&2
      echo "  run scripts/build-wasm.sh and commit wasm/dativo_kernels.wasm" >&2
      exit 1
    fi
    echo "build-wasm: wasm/dativo_kernels.wasm matches a clean build ($(sha256sum "$artifact" | cut -d' ' -f1))"
    ;;
  --test)
    # In a copy too, so that nothing (Cargo.lock, target/) is written into the checkout.
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/dativo_kernels"
    cp -r "$crate/Cargo.toml" "$crate/src" "$work/dativo_kernels/"
    cd "$work/dativo_kernels"
    CARGO_HOME="$work/cargo-home" "$cargo" test --offline --quiet --target-dir "$work/target"
    ;;
  *)
    echo "usage: scripts/build-wasm.sh [--check|--test]" >&2
    exit 2
    ;;
esac
