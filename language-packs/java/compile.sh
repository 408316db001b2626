# Sentinel's Java compile step, run by /usr/bin/sh inside the compile sandbox, in /box (a writable
# copy of the job's files, Main.java among them). Its arguments are javac's argv without the
# source file (the pack's flags, then a request's compilerOptions). The submitted code is data
# here: it is read by sed, never evaluated, and only an identifier taken from it names a file.
#
# Programs come as users write them: `public class HelloWorld` under any name (javac requires a
# public class to be in a file of its name, so Main.java becomes HelloWorld.java), in a `package`
# or not. After a successful javac, main.args holds the entry class's full name, and the run is
# `java ... @main.args` (the launcher reads the class name from that file; a request's args come
# after it, where the launcher expands no @file).
set -u
ident='[A-Za-z_$][A-Za-z0-9_$]*'
modifiers='((final|abstract|sealed|non-sealed|strictfp)[[:space:]]+)*'

# `package a.b.c;`: the first such line (a package declaration comes before any class).
package=$(sed -n -E 's/^[[:space:]]*package[[:space:]]+('"$ident"'([[:space:]]*\.[[:space:]]*'"$ident"')*)[[:space:]]*;.*/\1/p' Main.java | head -n 1 | tr -d '[:space:]')

# The entry class: the public top-level class (a line starting `public class X`, preferred at
# column 0, where top-level classes are written: an indented one may be a nested class); with
# none, a class named Main, else the first class declared at column 0.
first() { sed -n -E "s/$1/\\4/p" Main.java | head -n 1; }
class=$(first '^public[[:space:]]+'"$modifiers"'(class|interface|enum|record)[[:space:]]+('"$ident"').*')
[ -n "$class" ] || class=$(first '^[[:space:]]+public[[:space:]]+'"$modifiers"'(class|interface|enum|record)[[:space:]]+('"$ident"').*')
if [ -z "$class" ]; then
  if grep -Eq '^[[:space:]]*'"$modifiers"'class[[:space:]]+Main([^A-Za-z0-9_$]|$)' Main.java; then
    class=Main
  else
    class=$(first '^'"$modifiers"'(class|record|enum)[[:space:]]+('"$ident"').*')
    [ -n "$class" ] || class=Main
  fi
fi

source=Main.java
if [ "$class" != Main ] && [ ! -e "$class.java" ]; then
  mv Main.java "$class.java"
  source=$class.java
fi

"$@" "$source" || exit

dir=.
[ -z "$package" ] || dir=$(printf '%s' "$package" | tr . /)
main=${package:+$package.}$class
if [ ! -f "$dir/$class.class" ]; then
  echo "Sentinel: javac compiled no class $main to run. Declare the program's entry point as" >&2
  echo "public static void main(String[] args) in a top-level class, e.g. public class Main." >&2
  exit 1
fi
printf '%s\n' "$main" > main.args
