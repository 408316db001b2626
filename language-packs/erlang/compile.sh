# Sentinel's Erlang compile step, run by /usr/bin/sh inside the compile sandbox, in /box (a
# writable copy of the job's files, main.erl among them). Its arguments are erlc's argv without
# the source file (a request's compilerOptions last). The submitted code is data here: it is read
# and edited by sed, never evaluated, and only an atom taken from it names a file.
#
# The run is `escript main.beam`, which calls main:main(Args). Programs come in three forms:
#   - an escript (`main(_) -> ...` with no -module): line 1 gets `-module(main). -export([main/1]).`
#     in front of it (or instead of a `#!` line), so line numbers stay the user's;
#   - a module named main: compiled as it is; when it has main/0 and no main/1, the -module line
#     also exports main/1 and `main(_) -> main().` is added at the end;
#   - a module of another name (`-module(solution).`): saved as solution.erl and compiled, and
#     main.beam is then a three-line escript in source form (escript reads either) that calls
#     solution:main(Args), or solution:main() when that is what it exports.
set -u
note() { echo "Sentinel: $*" >&2; }

# One pass of sed (each process costs here), read by the shell: M the module's name, F a main(
# function at the start of a line, E1 / E0 a mention of main/1 / main/0, X export_all.
sed -n -E -e h \
  -e '/main\/1/{s/.*/E1/p;g;}' -e '/main\/0/{s/.*/E0/p;g;}' -e '/export_all/{s/.*/X/p;g;}' \
  -e '/^[[:space:]]*main[[:space:]]*\(/{s/.*/F/p;g;}' \
  -e "s/^[[:space:]]*-[[:space:]]*module[[:space:]]*\([[:space:]]*'?([a-z][A-Za-z0-9_@]*)'?[[:space:]]*\).*/M \1/p" \
  main.erl > /tmp/erlang-names
module='' function='' main1='' main0='' all=''
while read -r tag name; do
  case $tag in
    M) [ -n "$module" ] || module=$name ;;
    F) function=yes ;;
    E1) main1=yes ;;
    E0) main0=yes ;;
    X) all=yes ;;
  esac
done < /tmp/erlang-names

if [ -z "$module" ]; then
  if [ -z "$function" ]; then
    note "no -module line and no main(Args) function. Write an escript, main(_) -> ..., or a module:"
    note "-module(main). -export([main/1]). main(Args) -> ..."
    exit 1
  fi
  sed -i -e '1s/^#!.*//' -e '1s/^/-module(main). -export([main\/1]). /' main.erl
  exec "$@" main.erl
fi

if [ "$module" = main ]; then
  if [ -z "$main1$all" ]; then
    if [ -z "$main0" ]; then
      note "module main exports no main/1 (or main/0): the run calls main:main(Args)."
      note "Add -export([main/1]). and main(Args) -> ... (or export main/0)."
      exit 1
    fi
    sed -i -E 's/^([[:space:]]*-[[:space:]]*module[[:space:]]*\([^)]*\)[[:space:]]*\.)/\1 -export([main\/1])./' main.erl
    printf '\nmain(_) -> main().\n' >> main.erl
  fi
  exec "$@" main.erl
fi

if [ -e "$module.erl" ]; then
  note "the program's module is $module, and the job already has a file $module.erl."
  exit 1
fi
mv main.erl "$module.erl"
"$@" "$module.erl" || exit
cat > main.beam <<EOF
%% Sentinel: the program is module $module (see the pack's compile.sh).
main(Args) ->
    code:ensure_loaded('$module'),
    case {erlang:function_exported('$module', main, 1), erlang:function_exported('$module', main, 0)} of
        {true, _} -> '$module':main(Args);
        {false, true} -> '$module':main();
        _ -> io:format(standard_error, "Sentinel: module $module exports neither main/1 nor main/0; export one: -export([main/1]).~n", []), halt(1)
    end.
EOF
