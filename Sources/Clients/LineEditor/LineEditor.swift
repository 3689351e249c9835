import CLibEdit
import CShims
import Foundation

/// What reading one line produced.
public enum LineInput: Equatable {
  case line(String)
  /// Ctrl-C at the prompt: the line was discarded.
  case cancelled
  /// Ctrl-D on an empty line.
  case endOfInput
}

/// The completion a caller offers for the text before the cursor: the word
/// being completed starts `replacing` characters back, candidates replace it.
public struct CompletionResult: Equatable {
  public var replacing: Int
  public var candidates: [String]
  public init(replacing: Int, candidates: [String]) {
    self.replacing = replacing
    self.candidates = candidates
  }
}

/// libedit (histedit.h, native API) behind a Swift interface. It owns the
/// terminal only while a line is read: before each prompt ^C is taken from the
/// terminal driver and bound to "discard the line", and afterwards restored so
/// that a running command receives SIGINT.
public final class LineEditor {
  private let el: OpaquePointer
  private let hist: OpaquePointer
  private var event = HistEvent()
  private var promptBuffer: UnsafeMutablePointer<CChar>?
  private var cancelled = false
  private var lastCompletion: (line: String, listed: Bool)?
  /// The history as added, oldest first, for the incremental search (as
  /// many as libedit keeps).
  private var entries: [String] = []
  private var historyLimit = 1000

  public var prompt = "> "
  /// Given the text before the cursor, the completion to offer.
  public var completer: ((String) -> CompletionResult)?
  /// Where candidate listings go (the terminal).
  private let output: UnsafeMutablePointer<FILE>

  public init?(program: String, historySize: Int) {
    Self.setUpLocale()
    guard let el = el_init(program, aether_stdin(), aether_stdout(), aether_stderr()) else { return nil }
    guard let hist = history_init() else {
      el_end(el)
      return nil
    }
    self.el = el
    self.hist = hist
    historyLimit = max(1, historySize)
    self.output = aether_stdout()
    withUnsafeMutablePointer(to: &event) { ev in
      _ = aether_history_op_int(hist, ev, H_SETSIZE, Int32(clamping: historySize))
      _ = aether_history_op_int(hist, ev, H_SETUNIQUE, 1)
    }
    _ = aether_el_set_string(el, EL_EDITOR, "emacs")
    _ = aether_el_set_int(el, EL_SIGNAL, 1)
    _ = aether_el_set_history(el, hist)
    _ = aether_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
    _ = aether_el_set_prompt_esc(el, EL_PROMPT_ESC, { el in
      guard let me = LineEditor.from(el) else { return nil }
      return me.promptBuffer
    }, 1)
    _ = aether_el_set_addfn(el, "aether-complete", "complete the word before the cursor") { el, _ in
      LineEditor.from(el)?.complete() ?? UInt8(CC_REFRESH)
    }
    _ = aether_el_set_addfn(el, "aether-cancel", "discard the line") { el, _ in
      guard let me = LineEditor.from(el) else { return UInt8(CC_NEWLINE) }
      me.cancelled = true
      return UInt8(CC_NEWLINE)
    }
    _ = aether_el_set_bind(el, "^I", "aether-complete")
    _ = aether_el_set_bind(el, "^C", "aether-cancel")
    _ = aether_el_set_addfn(el, "aether-search", "search the history backwards as you type") { el, _ in
      LineEditor.from(el)?.reverseSearch() ?? UInt8(CC_REFRESH)
    }
    _ = aether_el_set_bind(el, "^R", "aether-search")
    // Home and End as terminals send them (libedit's emacs map lacks them).
    for home in ["\\e[1~", "\\e[H", "\\eOH"] { _ = aether_el_set_bind(el, home, "ed-move-to-beg") }
    for end in ["\\e[4~", "\\e[F", "\\eOF"] { _ = aether_el_set_bind(el, end, "ed-move-to-end") }
  }

  deinit {
    history_end(hist)
    el_end(el)
    free(promptBuffer)
  }

  private static func from(_ el: OpaquePointer?) -> LineEditor? {
    guard let el, let data = aether_el_get_clientdata(el) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
  }

  /// libedit drops non-ASCII input unless the locale's codeset is UTF-8.
  private static func setUpLocale() {
    setlocale(LC_CTYPE, "")
    if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
      setlocale(LC_CTYPE, "C.UTF-8")
    }
  }

  public func readLine() -> LineInput {
    free(promptBuffer)
    promptBuffer = strdup(prompt)
    cancelled = false
    lastCompletion = nil
    // ^C is a key while editing, a signal while a command runs.
    for mode in ["-d", "-x", "-q"] { _ = aether_el_set_setty(el, mode, "intr=") }
    defer { for mode in ["-d", "-x", "-q"] { _ = aether_el_set_setty(el, mode, "intr=^C") } }
    var count: Int32 = 0
    errno = 0
    let raw = el_gets(el, &count)
    // Checked first: ^C on an empty line ends el_gets with nothing read,
    // which would otherwise look like Ctrl-D.
    if cancelled {
      fputs("^C\n", output)
      fflush(output)
      return .cancelled
    }
    guard let raw else {
      if count == -1 && errno == EINTR { return .cancelled }
      return .endOfInput
    }
    var line = String(cString: raw)
    if line.hasSuffix("\n") { line.removeLast() }
    return .line(line)
  }

  /// Adds an entry for up-arrow and ^R (what is written to disk is the caller's choice).
  public func addHistory(_ line: String) {
    withUnsafeMutablePointer(to: &event) { ev in
      _ = aether_history_op_string(hist, ev, H_ENTER, line)
    }
    if entries.last != line { entries.append(line) }
    if entries.count > historyLimit { entries.removeFirst(entries.count - historyLimit) }
  }

  /// The pattern of the last Ctrl-R, which Ctrl-R Ctrl-R searches again.
  private var lastSearch = ""

  /// Ctrl-R as readline has it: `(reverse-i-search)` shows the newest line
  /// holding what is typed; typing narrows, Ctrl-R again goes older (on
  /// nothing typed, with the last search's pattern), Backspace undoes a step, Enter runs the line shown, Esc (or any other
  /// control key) leaves it for editing, Ctrl-G restores the line there
  /// was, Ctrl-C discards the line as it does at the prompt.
  private func reverseSearch() -> UInt8 {
    let original = currentLine()
    var search = HistorySearch(entries: entries, previous: lastSearch)
    defer { if !search.pattern.isEmpty { lastSearch = search.pattern } }
    let normalPrompt = (promptBuffer.map { String(cString: $0) } ?? prompt).filter { $0 != "\u{1}" }
    // Drawn here, on one row: libedit's redisplay keeps its own idea of the
    // prompt's width. A line wider than the terminal shows the part around
    // the match. When the search ends, libedit redraws the line whole.
    func draw(_ promptText: String, _ line: String, cursorAt offset: Int?) {
      let room = max(8, terminalColumns() - promptText.count - 1)
      var shown = Array(line)
      var cursor = offset ?? shown.count
      if shown.count > room {
        let first = min(max(0, cursor - room / 2), shown.count - room)
        shown = Array(shown[first..<(first + room)])
        cursor -= first
      }
      var out = "\r\u{1B}[K" + promptText + String(shown)
      if cursor < shown.count { out += "\u{1B}[\(shown.count - cursor)D" }
      fputs(out, output)
      fflush(output)
    }
    func end(editing line: String, cursorAt offset: Int?) -> UInt8 {
      setLine(line, cursorAt: offset)
      return UInt8(CC_REDISPLAY)
    }
    draw(search.prompt, original, cursorAt: nil)
    var key: wchar_t = 0
    while el_wgetc(el, &key) == 1 {
      switch key {
      case 0x12:  // ^R
        search.older()
      case 0x7F, 0x08:  // Backspace
        search.erase()
      case 0x0D, 0x0A:  // Enter: run what is shown, under the usual prompt.
        // libedit's own newline ends the line (it terminates the buffer,
        // which a function returning CC_NEWLINE does not: a longer line
        // read before would show through).
        el_push(el, "\n")
        return end(editing: search.match ?? original, cursorAt: nil)
      case 0x07:  // ^G: back to the line there was.
        return end(editing: original, cursorAt: nil)
      case 0x03:  // ^C: the line is discarded, as at the prompt.
        cancelled = true
        return UInt8(CC_NEWLINE)
      case 0x1B:
        // Esc alone ends the search, leaving the line to edit; an arrow,
        // Home/End or Alt-key arrives as Esc and more at once, and is
        // passed on whole to act on the line, as in readline.
        let line = search.match ?? original
        draw(normalPrompt, line, cursorAt: search.matchOffset)
        var keys = "\u{1B}"
        var pending = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        // A terminal writes a key's whole sequence at once: 10 ms tells it
        // from an Esc pressed alone, which a person never follows so fast.
        if poll(&pending, 1, 10) == 1, el_wgetc(el, &key) == 1, let next = UnicodeScalar(UInt32(bitPattern: key)) {
          keys.unicodeScalars.append(next)
          if next == "[" || next == "O" {
            // Up to the final byte of the sequence (ESC [ 1 ~, ESC [ A, ESC O H).
            while el_wgetc(el, &key) == 1, let more = UnicodeScalar(UInt32(bitPattern: key)) {
              keys.unicodeScalars.append(more)
              if (0x40...0x7E).contains(more.value) { break }
            }
          }
          el_push(el, keys)
        }
        return end(editing: line, cursorAt: search.matchOffset)
      default:
        if key >= 0x20, let scalar = UnicodeScalar(UInt32(bitPattern: key)) {
          search.type(Character(scalar))
        } else {
          // ^A, ^E, ^K…: stop searching; the key acts on the line shown.
          let line = search.match ?? original
          draw(normalPrompt, line, cursorAt: search.matchOffset)
          if let scalar = UnicodeScalar(UInt32(bitPattern: key)) { el_push(el, String(Character(scalar))) }
          return end(editing: line, cursorAt: search.matchOffset)
        }
      }
      draw(search.prompt, search.match ?? (search.pattern.isEmpty ? original : ""), cursorAt: search.matchOffset)
    }
    return end(editing: original, cursorAt: nil)
  }

  /// The line being edited, read wide (libedit's own unit).
  private func currentLine() -> String {
    guard let info = el_wline(el)?.pointee, let buffer = info.buffer, let last = info.lastchar else { return "" }
    var text = ""
    var p = buffer
    while p < last {
      if let scalar = UnicodeScalar(UInt32(bitPattern: p.pointee)) { text.unicodeScalars.append(scalar) }
      p += 1
    }
    return text
  }

  /// Replaces the whole line; the cursor goes to `cursorAt` characters in,
  /// else the end. Positions are libedit's wide characters (Unicode scalars).
  private func setLine(_ text: String, cursorAt offset: Int?) {
    if let info = el_wline(el)?.pointee, let cursor = info.cursor, let last = info.lastchar, let buffer = info.buffer {
      _ = el_cursor(el, Int32(clamping: cursor.distance(to: last)))
      let count = buffer.distance(to: last)
      if count > 0 { el_deletestr(el, Int32(clamping: count)) }
    }
    if !text.isEmpty { _ = el_insertstr(el, text) }
    if let offset {
      let at = text.index(text.startIndex, offsetBy: min(offset, text.count))
      let scalarsAfter = text.unicodeScalars.distance(from: at, to: text.endIndex)
      _ = el_cursor(el, Int32(clamping: -scalarsAfter))
    }
  }

  public func resize() { el_resize(el) }

  /// TAB: one candidate completes in place with a space; several complete
  /// their common prefix, and a second TAB lists them in columns.
  private func complete() -> UInt8 {
    guard let completer, let info = el_line(el)?.pointee, let buffer = info.buffer, let cursor = info.cursor else {
      return UInt8(CC_REFRESH)
    }
    let length = buffer.distance(to: cursor)
    let before = String(
      decoding: UnsafeRawBufferPointer(start: UnsafeRawPointer(buffer), count: max(0, length)), as: UTF8.self)
    let result = completer(before)
    let word = String(before.suffix(result.replacing))
    guard !result.candidates.isEmpty else {
      return UInt8(CC_REFRESH_BEEP)
    }
    if result.candidates.count == 1, let only = result.candidates.first {
      replace(word, with: only.hasSuffix("/") || only.hasSuffix("=") ? only : only + " ")
      lastCompletion = nil
      return UInt8(CC_REFRESH)
    }
    let prefix = commonPrefix(result.candidates)
    if prefix.count > word.count {
      replace(word, with: prefix)
      lastCompletion = (before.dropLast(word.count) + prefix, false)
      return UInt8(CC_REFRESH)
    }
    if let last = lastCompletion, last.line == before, !last.listed {
      list(result.candidates)
      lastCompletion = (before, true)
      return UInt8(CC_REDISPLAY)
    }
    lastCompletion = (before, false)
    return UInt8(CC_REFRESH_BEEP)
  }

  private func replace(_ word: String, with text: String) {
    if !word.isEmpty { el_deletestr(el, Int32(word.unicodeScalars.count)) }
    _ = el_insertstr(el, text)
  }

  private func list(_ candidates: [String]) {
    let columns = terminalColumns()
    let width = (candidates.map(\.count).max() ?? 0) + 2
    let perRow = max(1, columns / max(width, 1))
    var text = "\n"
    for (i, c) in candidates.enumerated() {
      text += c.padding(toLength: width, withPad: " ", startingAt: 0)
      if (i + 1) % perRow == 0 || i == candidates.count - 1 { text += "\n" }
    }
    fputs(text, output)
    fflush(output)
  }
}

func commonPrefix(_ words: [String]) -> String {
  guard var prefix = words.first else { return "" }
  for w in words.dropFirst() {
    while !w.hasPrefix(prefix) { prefix.removeLast() }
  }
  return prefix
}
