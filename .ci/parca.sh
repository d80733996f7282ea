#!/usr/bin/env bash
# Builds a real Parca server (v0.21.0) for the fleet tests, once, into a
# cache outside the repository, and prints its path.
#
# The module proxy here serves v0.21.0 but refuses `go install ...@v0.21.0`
# (its deprecation check reads @v/list, which is refused), so the server is
# built from a scratch module that requires it. Go 1.23 and later refuse
# parquet-go's link to runtime.aeskeysched unless -checklinkname=0.
set -euo pipefail
VERSION=v0.21.0
DIR="${XDG_CACHE_HOME:-$HOME/.cache}/perftui/parca-$VERSION"
BIN="$DIR/parca"
if [ ! -x "$BIN" ]; then
    if ! command -v go >/dev/null; then
        echo "go is not installed (apt-get install -y golang-go, or a current Go from go.dev)" >&2
        exit 1
    fi
    mkdir -p "$DIR/src"
    cd "$DIR/src"
    [ -f go.mod ] || go mod init perftui-parca-build >/dev/null 2>&1
    cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/parca-dev/parca/cmd/parca"
GO
    echo "building Parca $VERSION into $DIR (a few minutes, once)" >&2
    go get "github.com/parca-dev/parca@$VERSION" >&2
    go mod tidy >&2
    CGO_ENABLED=0 go build -ldflags=-checklinkname=0 -o "$BIN.tmp" github.com/parca-dev/parca/cmd/parca >&2
    mv "$BIN.tmp" "$BIN"
fi
echo "$BIN"
