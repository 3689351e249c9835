import Testing
import Vocabulary

@testable import ScriptLanguage

/// A compact rendering of the AST so that table rows stay readable.
func render(_ script: Script) -> String {
  script.statements.map(render).joined(separator: "; ")
}

func render(_ s: Statement) -> String {
  switch s {
  case .command(let c): return "cmd(" + c.words.map(render).joined(separator: " ") + ")"
  case .setVariable(let n, let v, _): return "set \(n)=" + v.map(render).joined(separator: " ")
  case .setSetting(let s, let v, _): return "setting \(s.rawValue)=" + render(v)
  case .unset(let n, _): return "unset " + n.joined(separator: " ")
  case .shellEscape(let raw, _): return "sh{\(raw)}"
  case .ifBlock(let c, let t, let e, _):
    return "if \(render(c)) {\(t.map(render).joined(separator: "; "))} else {\(e.map(render).joined(separator: "; "))}"
  case .forLoop(let n, let items, let body, _):
    return "for \(n) in " + items.map(render).joined(separator: " ") + " {\(body.map(render).joined(separator: "; "))}"
  case .assert(let c, let m, _): return "assert \(render(c))" + (m.map { " msg " + render($0) } ?? "")
  case .wait(let t, let e, let c, _):
    return "wait[\(t.map(render) ?? "-"),\(e.map(render) ?? "-")] \(render(c))"
  case .include(let w, _): return "include " + render(w)
  }
}

func render(_ c: Condition) -> String {
  switch c {
  case .command(let call): return "cmd(" + call.words.map(render).joined(separator: " ") + ")"
  case .compare(let a, let op, let b): return "\(render(a)) \(op.rawValue) \(render(b))"
  case .not(let inner): return "not " + render(inner)
  }
}

func render(_ w: Word) -> String {
  w.parts.map { p -> String in
    switch p {
    case .literal(let s): return s
    case .variable(let n, let f): return "<\(n)" + (f.map { ":-" + render($0) } ?? "") + ">"
    case .substitution(let s): return "<(" + render(s) + ")>"
    case .arithmetic(let e): return "<((" + render(e) + "))>"
    }
  }.joined()
}

func render(_ e: ArithmeticExpression) -> String {
  switch e {
  case .number(let n, _): return n
  case .operand(let p, _): return render(Word(parts: [p], position: SourcePosition(line: 1, column: 1), isQuoted: false))
  case .negate(let inner, _): return "-" + render(inner)
  case .binary(let o, let a, let b, _): return "[\(render(a)) \(o.rawValue) \(render(b))]"
  }
}

struct ParserTests {
  @Test(arguments: [
    ("echo hello world", "cmd(echo hello world)"),
    ("echo a; echo b", "cmd(echo a); cmd(echo b)"),
    ("echo a\n\n\necho b\n", "cmd(echo a); cmd(echo b)"),
    ("echo a # comment", "cmd(echo a)"),
    ("echo a#b", "cmd(echo a#b)"),
    ("# only a comment", ""),
    ("echo 'a b' \"c d\"", "cmd(echo a b c d)"),
    ("echo '$x' \"$x\"", "cmd(echo $x <x>)"),
    ("echo a\\ b", "cmd(echo a b)"),
    ("echo one \\\n  two", "cmd(echo one two)"),
    ("echo \"a\\\"b\"", "cmd(echo a\"b)"),
    ("echo \"\\n\"", "cmd(echo \\n)"),
    ("echo ''", "cmd(echo )"),
    ("echo ${x:-fallback}", "cmd(echo <x:-fallback>)"),
    ("echo ${x:-$y}", "cmd(echo <x:-<y>>)"),
    ("echo ${x:-'a b'}", "cmd(echo <x:-a b>)"),
    ("echo $1 $# $? ${10}", "cmd(echo <1> <#> <?> <10>)"),
    ("echo $x.y", "cmd(echo <x>.y)"),
    ("echo cost$", "cmd(echo cost$)"),
    ("echo $(eta --lag 1)", "cmd(echo <(cmd(eta --lag 1))>)"),
    ("echo $(echo $(echo x))", "cmd(echo <(cmd(echo <(cmd(echo x))>))>)"),
    ("echo \"lag=$(lag g --total)\"", "cmd(echo lag=<(cmd(lag g --total))>)"),
    ("echo $(echo a; echo b)", "cmd(echo <(cmd(echo a); cmd(echo b))>)"),
    ("set x 1", "set x=1"),
    ("set x", "set x="),
    ("set x a b", "set x=a b"),
    ("set on-error continue", "setting on-error=continue"),
    ("set output $fmt", "setting output=<fmt>"),
    ("unset a b", "unset a b"),
    ("! ls -l | wc -l; echo", "sh{ls -l | wc -l; echo}"),
    ("echo a; ! date", "cmd(echo a); sh{date}"),
    ("echo $(! echo $((1+2)) | tr 3 x) end", "cmd(echo <(sh{echo $((1+2)) | tr 3 x})> end)"),
    ("echo $(! echo ')'; echo \"(\") end", "cmd(echo <(sh{echo ')'; echo \"(\"})> end)"),
    ("echo !", "cmd(echo !)"),
    ("if $x > 3\necho big\nend", "if <x> > 3 {cmd(echo big)} else {}"),
    ("if a == b; echo y; else; echo n; end", "if a == b {cmd(echo y)} else {cmd(echo n)}"),
    ("if not health http://x\necho down\nend", "if not cmd(health http://x) {cmd(echo down)} else {}"),
    ("if '==' == x; end", "if == == x {} else {}"),
    ("if a == 1; echo 1; else if a == 2; echo 2; else; echo 3; end",
     "if a == 1 {cmd(echo 1)} else {if a == 2 {cmd(echo 2)} else {cmd(echo 3)}}"),
    ("for i in 1..3; echo $i; end", "for i in 1..3 {cmd(echo <i>)}"),
    ("for t in a b c\necho $t\nend", "for t in a b c {cmd(echo <t>)}"),
    ("for i in 1..2; for j in 1..2; echo $i$j; end; end", "for i in 1..2 {for j in 1..2 {cmd(echo <i><j>)}}"),
    ("assert $lag < 500", "assert <lag> < 500"),
    ("assert $lag < 500 --message 'too much lag'", "assert <lag> < 500 msg too much lag"),
    ("wait --timeout 5m --every 5s $(lag g --total) == 0", "wait[5m,5s] <(cmd(lag g --total))> == 0"),
    ("wait health http://x", "wait[-,-] cmd(health http://x)"),
    ("include other.actl", "include other.actl"),
    ("echo é ü 日本", "cmd(echo é ü 日本)"),
    ("echo a\r\necho b\r\n", "cmd(echo a); cmd(echo b)"),
  ])
  func parses(source: String, expected: String) throws {
    #expect(render(try Parser.parse(source)) == expected)
  }

  @Test(arguments: [
    ("echo 'abc", 1, 6, "unterminated single quote", true),
    ("echo \"abc", 1, 6, "unterminated double quote", true),
    ("echo $(eta", 1, 6, "unterminated '$('", true),
    ("echo ${x", 1, 6, "unterminated '${'", true),
    ("echo abc\\", 1, 9, "'\\' at the end of input", true),
    ("if a == b\necho x", 2, 7, "'if' at 1:1 has no 'end'", true),
    ("for i in 1..3\necho", 2, 5, "'for' at 1:1 has no 'end'", true),
    ("end", 1, 1, "'end' without 'if' or 'for'", false),
    ("echo a\n  else", 2, 3, "'else' without 'if'", false),
    ("if\nend", 1, 1, "'if' needs a condition", false),
    ("if a == b c\nend", 1, 9, "unexpected 'b' in arithmetic", false),
    ("if $lag / > 3\nend", 1, 9, "arithmetic expression ends after an operator", false),
    ("if 1 < 2 < 3\nend", 1, 10, "one comparison per condition", false),
    ("echo $(( 1 + ))", 1, 6, "ends after an operator", false),
    ("echo $(( 1 + 2 )", 1, 6, "unterminated '$(('", true),
    ("echo $(( 1 # 2 ))", 1, 12, "unexpected '#' in arithmetic", false),
    // Hostile input stays off the stack: nesting and length are bounded.
    ("echo " + String(repeating: "$(( 1 + ", count: 100) + String(repeating: " ))", count: 100), 1, 6 + 64 * 8, "nested more than 64 deep", false),
    ("echo $(( " + String(repeating: "1 + ", count: 600) + "1 ))", 1, 10, "longer than 1000 tokens", false),
    ("for 1x in a\nend", 1, 5, "'for' needs a variable name", false),
    ("for i of a\nend", 1, 7, "expected 'in'", false),
    ("for i in\nend", 1, 7, "needs words or a range", false),
    ("if a == b\nend extra", 2, 5, "unexpected 'extra' after 'end'", false),
    ("set", 1, 1, "'set' needs a name", false),
    ("set 9x 1", 1, 5, "is not a variable name", false),
    ("set on-error maybe", 1, 14, "takes one of: stop, continue", false),
    ("set output yaml", 1, 12, "takes one of: table, json, csv, plain", false),
    ("set timing", 1, 5, "takes one of", false),
    ("wait --timeout 5x true", 1, 16, "unknown unit 'x'", false),
    ("wait --timeout", 1, 6, "needs a duration", false),
    ("wait --every 1s", 1, 1, "'wait' needs a condition", false),
    ("assert", 1, 1, "'assert' needs a condition", false),
    ("assert a == b --message", 1, 15, "'--message' takes one word", false),
    ("include", 1, 1, "exactly one file", false),
    ("include a b", 1, 1, "exactly one file", false),
    ("echo ${}", 1, 6, "empty variable name", false),
    ("echo ${a-b}", 1, 9, "bad character '-'", false),
    ("echo $()", 1, 6, "empty '$()'", false),
    ("!", 1, 1, "'!' needs a shell command", false),
    ("if set x 1\nend", 1, 4, "a condition is a comparison or a command", false),
    ("unset $x", 1, 7, "'unset' takes variable names", false),
  ])
  func reportsErrors(source: String, line: Int, column: Int, message: String, incomplete: Bool) {
    do {
      let s = try Parser.parse(source)
      Issue.record("parsed unexpectedly: \(render(s))")
    } catch {
      #expect(error.message.contains(message), "got: \(error.message)")
      #expect(error.position == SourcePosition(line: line, column: column), "message: \(error.message)")
      #expect(error.isIncomplete == incomplete)
    }
  }

  @Test func deepNestingIsRefusedNotACrash() {
    let source = String(repeating: "if a == a\n", count: 1000) + String(repeating: "end\n", count: 1000)
    #expect(throws: ParseError.self) { try Parser.parse(source) }
  }

  @Test func nestingWithinTheLimitParses() throws {
    let source = String(repeating: "if a == a\n", count: 100) + "echo deep\n" + String(repeating: "end\n", count: 100)
    let script = try Parser.parse(source)
    #expect(script.statements.count == 1)
  }

  @Test func deepSubstitutionIsRefused() {
    let source = "echo " + String(repeating: "$(echo ", count: 100) + "x" + String(repeating: ")", count: 100)
    #expect(throws: ParseError.self) { try Parser.parse(source) }
  }

  @Test func junkNeverCrashes() {
    let samples = ["\u{0}\u{1}\u{2}", "$$$$", "${:-}", "$(", ")))", "\"$(\"", "'\n'", "\\\\\\", "#!/bin/sh\n", "\u{FFFD}\u{FFFD}"]
    for s in samples { _ = try? Parser.parse(s) }
  }

  @Test func positionsPointAtTheWord() throws {
    let script = try Parser.parse("echo a\n\n  eta --lag 5\n")
    #expect(script.statements[1].position == SourcePosition(line: 3, column: 3))
  }
}

struct DurationTests {
  @Test(arguments: [
    ("500ms", 0.5), ("5s", 5), ("2m", 120), ("1h", 3600), ("1d", 86400), ("1h30m", 5400), ("1.5s", 1.5),
    ("90", 90), ("0s", 0), (" 5s ", 5), ("2m30s", 150),
  ])
  func parses(text: String, seconds: Double) throws {
    #expect(try Durations.parse(text) == seconds)
  }

  @Test(arguments: ["", "abc", "5x", "-5s", "5", "s", "1..2s", "5 s", "1e400", "nan", "inf"])
  func refuses(text: String) {
    if text == "5" { return }  // a bare number is seconds; covered above
    #expect(throws: DurationError.self) { try Durations.parse(text) }
  }

  @Test(arguments: [(0.85, "850ms"), (42, "42s"), (222.2, "3m42s"), (3600, "1h"), (7500, "2h5m"), (97200, "1d3h"), (0, "0s"),
    // Fuzzer finding (specs, "+9223372036854775807"): Int(seconds) trapped past Int.max.
    (9.223372036854775807e18, ">100y"), (1e300, ">100y"), (-1e300, "->100y"), (3_153_600_000.0, "36500d"),
  ])
  func formats(seconds: Double, text: String) {
    #expect(Durations.format(seconds) == text)
  }
}
