# Sentinel's C# compile step, run by /usr/bin/sh inside the compile sandbox, in /box (a writable
# copy of the job's files, main.cs among them). Its arguments are mcs's argv without the source
# file (a request's compilerOptions last). The submitted code is data here: it is read and cut by
# grep and sed, never evaluated.
#
# mcs speaks C# 7.2, and top-level statements are C# 9. A program with no Main method whose first
# code line (after using directives and comments) is not a type, namespace or attribute is such a
# program, and one mcs would refuse anyway; only that one is changed, as the C# 9 compiler does it:
#   - the lines from the first statement up to the first type declared at column 0 (C# 9 puts
#     types after the statements) become the body of Main(string[] args) in a static class Program;
#     int Main when a column-0 line returns a value, and through a Task when the code awaits (mcs
#     has no async Main);
#   - .NET 6's implicit usings (System, System.Collections.Generic, System.IO, System.Linq,
#     System.Threading, System.Threading.Tasks) are added when the code does not have them;
#   - #line directives keep mcs's line numbers the user's.
# When such a program still fails, a note saying so comes before mcs's messages.
set -u
# A program with a Main goes to mcs as it is (one grep: each process costs here).
grep -Eq '(void|int|Task|Task<int>)[[:space:]]+Main[[:space:]]*\(' main.cs && exec "$@" main.cs

first_code=$(grep -nEv '^[[:space:]]*($|//|using[[:space:]]+(static[[:space:]]+)?[A-Za-z_][A-Za-z0-9_.]*[[:space:]]*;|using[[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*=[^;(]*;)' main.cs | head -n 1)
line=${first_code%%:*}
code=${first_code#*:}
modifiers='((public|internal|private|protected|static|sealed|abstract|partial|unsafe|readonly|ref|new)[[:space:]]+)*'
declaration='^[[:space:]]*'"$modifiers"'(class|struct|interface|enum|namespace|record|delegate)([[:space:]]|$)'

if [ -z "$first_code" ] \
  || printf '%s\n' "$code" | grep -Eq "$declaration|^[[:space:]]*(\\[|#|/\\*)"; then
  exec "$@" main.cs
fi

# Top-level statements: lines $line .. $types-1 go into Main, the rest stays at the top level.
total=$(wc -l < main.cs)
types=$(sed -n "$line,\$p" main.cs | grep -nE '^'"$modifiers"'(class|struct|interface|enum|namespace|record|delegate)([[:space:]]|$)' | head -n 1 | cut -d: -f1)
if [ -n "$types" ]; then types=$((line + types - 1)); else types=$((total + 1)); fi
body=$(sed -n "$line,$((types - 1))p" main.cs)
returns=int
printf '%s\n' "$body" | grep -Eq '^return[[:space:]]*[^;[:space:]]' || returns=void
if printf '%s\n' "$body" | grep -Eq '(^|[^A-Za-z0-9_])await([^A-Za-z0-9_]|$)'; then
  if [ "$returns" = int ]; then
    main='static int Main(string[] args) { return MainAsync(args).GetAwaiter().GetResult(); } static async System.Threading.Tasks.Task<int> MainAsync(string[] args) {'
  else
    main='static void Main(string[] args) { MainAsync(args).GetAwaiter().GetResult(); } static async System.Threading.Tasks.Task MainAsync(string[] args) {'
  fi
else
  main="static $returns Main(string[] args) {"
fi
usings=
for namespace in System System.Collections.Generic System.IO System.Linq System.Threading System.Threading.Tasks; do
  grep -Eq "^[[:space:]]*using[[:space:]]+$namespace[[:space:]]*;" main.cs || usings="${usings}using $namespace; "
done
{
  printf '%s\n#line 1\n' "$usings"
  [ "$line" -gt 1 ] && sed -n "1,$((line - 1))p" main.cs
  printf 'static class Program { %s\n#line %s\n' "$main" "$line"
  printf '%s\n' "$body"
  printf '}}\n'
  if [ "$types" -le "$total" ]; then
    printf '#line %s\n' "$types"
    sed -n "$types,\$p" main.cs
  fi
} > main.cs.sentinel && mv main.cs.sentinel main.cs || exit

"$@" main.cs > /tmp/mcs.out 2>&1
status=$?
if [ "$status" -ne 0 ]; then
  echo "Sentinel: mcs speaks C# 7.2, which has no top-level statements, so this program's statements were put into static $returns Main(string[] args) of a static class Program. mcs does not know C# 8 and later (local functions, static or not, records, switch expressions, nullable types such as string?, new() without a type): where the messages below name one, write the program as a class with static void Main(string[] args)." >&2
fi
cat /tmp/mcs.out
exit "$status"
