/** A first program per language: reads a number, prints its double (the README's example). */
const STARTERS: Readonly<Record<string, string>> = {
  python: 'n = int(input())\nprint(n * 2)\n',
  javascript: "const n = Number(require('fs').readFileSync(0, 'utf8'));\nconsole.log(n * 2);\n",
  typescript: "import { readFileSync } from 'fs';\nconst n: number = Number(readFileSync(0, 'utf8'));\nconsole.log(n * 2);\n",
  c: '#include <stdio.h>\n\nint main(void) {\n    long n;\n    scanf("%ld", &n);\n    printf("%ld\\n", n * 2);\n    return 0;\n}\n',
  cpp: '#include <iostream>\n\nint main() {\n    long n;\n    std::cin >> n;\n    std::cout << n * 2 << "\\n";\n}\n',
  java: 'import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        long n = new Scanner(System.in).nextLong();\n        System.out.println(n * 2);\n    }\n}\n',
  go: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar n int\n\tfmt.Scan(&n)\n\tfmt.Println(n * 2)\n}\n',
  rust: 'use std::io::Read;\n\nfn main() {\n    let mut s = String::new();\n    std::io::stdin().read_to_string(&mut s).unwrap();\n    let n: i64 = s.trim().parse().unwrap();\n    println!("{}", n * 2);\n}\n',
  ruby: 'n = gets.to_i\nputs n * 2\n',
  bash: 'read -r n\necho $((n * 2))\n',
};

export function starterFor(languageId: string): string {
  return STARTERS[languageId] ?? '';
}

/** True when `code` is empty or some language's untouched starter (safe to replace). */
export function isStarter(code: string): boolean {
  return code.trim() === '' || Object.values(STARTERS).includes(code);
}
