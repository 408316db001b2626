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
kind='(class|interface|enum|record)'

# One pass of sed (each process costs here): P the package (`package a.b.c;`), A a public class
# at column 0 (where top-level classes are written), B an indented one (may be nested), M a class
# named Main, C a class at column 0.
sed -n -E \
  -e 's/^[[:space:]]*package[[:space:]]+('"$ident"'(\.'"$ident"')*)[[:space:]]*;.*/P \1/p' -e t \
  -e 's/^public[[:space:]]+'"$modifiers$kind"'[[:space:]]+('"$ident"').*/A \4/p' -e t \
  -e 's/^[[:space:]]+public[[:space:]]+'"$modifiers$kind"'[[:space:]]+('"$ident"').*/B \4/p' -e t \
  -e 's/^[[:space:]]*'"$modifiers"'class[[:space:]]+Main([^A-Za-z0-9_$].*)?$/M Main/p' -e t \
  -e 's/^'"$modifiers$kind"'[[:space:]]+('"$ident"').*/C \4/p' \
  Main.java > /tmp/java-names
package='' a='' b='' m='' c=''
while read -r tag name; do
  case $tag in
    P) [ -n "$package" ] || package=$name ;;
    A) [ -n "$a" ] || a=$name ;;
    B) [ -n "$b" ] || b=$name ;;
    M) m=Main ;;
    C) [ -n "$c" ] || c=$name ;;
  esac
done < /tmp/java-names
# The entry class: the public top-level class (preferably at column 0); with none, a class named
# Main, else the first class declared at column 0.
class=${a:-${b:-${m:-${c:-Main}}}}

source=Main.java
if [ "$class" != Main ] && [ ! -e "$class.java" ]; then
  mv Main.java "$class.java"
  source=$class.java
fi

"$@" "$source" || exit

# The package's directory: a.b.c is a/b/c (shell built-ins only).
dir=. rest=$package
while [ -n "$rest" ]; do
  dir=$dir/${rest%%.*}
  case $rest in *.*) rest=${rest#*.} ;; *) rest='' ;; esac
done
main=${package:+$package.}$class
if [ ! -f "$dir/$class.class" ]; then
  echo "Sentinel: javac compiled no class $main to run. Declare the program's entry point as" >&2
  echo "public static void main(String[] args) in a top-level class, e.g. public class Main." >&2
  exit 1
fi
printf '%s\n' "$main" > main.args
