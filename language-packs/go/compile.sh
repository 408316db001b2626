# Sentinel's Go compile step, run by /usr/bin/sh inside the compile sandbox, in /box (a writable
# copy of the job's files, main.go among them). Its arguments are the build's argv. The submitted
# code is data here: it is read by grep and sed, never evaluated.
#
# A program may leave out its `package main` line (as snippets and some editors do): main.go then
# gets `package main` and a //line directive in front, so the compiler's messages keep the user's
# line and column numbers. A program in another package cannot run: that is said plainly, where
# `go build -o main .` would write an archive and exit 0.
set -u
# One sed, no pipe (each process costs here): the package clause's name, read by the shell.
package=''
sed -n -E 's/^[[:space:]]*package[[:space:]]+([A-Za-z_][A-Za-z0-9_]*).*/\1/p' main.go > /tmp/go-package
read -r package < /tmp/go-package
if [ -z "$package" ]; then
  { printf 'package main\n//line main.go:1:1\n'; cat main.go; } > main.go.sentinel && mv main.go.sentinel main.go || exit
elif [ "$package" != main ]; then
  echo "Sentinel: a Go program is package main: change \`package $package\` to \`package main\` (or leave the line out)." >&2
  exit 1
fi
exec "$@"
