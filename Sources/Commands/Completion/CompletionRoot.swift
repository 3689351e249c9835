import ArgumentParser
import Capacity
import Config
import Formats
import Host
import Output
import Prometheus
import ScriptLanguage

/// aetherctl as the shells see it: the global options and every command of
/// the registry. Only used to generate completion scripts and to answer their
/// `---completion` callbacks; parsing proper goes through `Invocation`.
package struct CompletionRoot: ParsableCommand {
  package init() {}

  package static let configuration = CommandConfiguration(
    commandName: "aetherctl",
    subcommands: Registry.commands.map { $0 as ParsableCommand.Type })

  @OptionGroup var global: GlobalOptions
  @OptionGroup var modes: InvocationModes
}

struct Completions: AetherCommand, GroupedCommand {
  static let group = CommandGroup.shell
  static let configuration = CommandConfiguration(
    commandName: "completions",
    abstract: "Print the bash, zsh or fish completion script (generated from the command declarations).",
    discussion: """
      Install:
        aetherctl completions bash > /etc/bash_completion.d/aetherctl
        aetherctl completions zsh > "${fpath[1]}/_aetherctl"
        aetherctl completions fish > ~/.config/fish/completions/aetherctl.fish
      Topic, group, profile, runbook, fix, alert, silence and metric names are completed by \
      calling aetherctl back, as the interactive shell completes them; cluster and server names \
      come from a file the interactive shell keeps ($XDG_CACHE_HOME/aetherctl/names), kept per \
      cluster and server; when it is old, topics, groups and alerts come from one short call \
      (metric names only from the file).
      """)

  @Argument(help: "bash, zsh or fish.")
  var shell: Shell

  enum Shell: String, Choices {
    case bash, zsh, fish
  }

  var needsSettings: Bool { false }

  func execute(_ ctx: CommandContext) throws -> Report {
    .text(Completions.script(shell))
  }

  static func script(_ shell: Shell) -> String {
    let kind: CompletionShell
    switch shell {
    case .bash: kind = .bash
    case .zsh: kind = .zsh
    case .fish: kind = .fish
    }
    let script = CompletionRoot.completionScript(for: kind)
    return shell == .bash ? bashNames(script) : script
  }

  /// bash completes aetherctl with `-o filenames`, which is right for paths
  /// and wrong for the names a callback gives: it would escape the `=` of a
  /// fix's `KEY=VALUE` (`service\\=`) and add a space after a `KEY=` that
  /// waits for its value. And the generated scripts hand those names to
  /// `compgen -W`, which expands `$(…)` and backquotes in them: a group named
  /// `$(cmd)` by any Kafka client would run `cmd` on TAB. The callbacks'
  /// candidates go through a function of ours that takes each line as it is,
  /// keeps those that start with the word typed, quotes it for the line
  /// (`%q`), and turns both options off.
  static func bashNames(_ script: String) -> String {
    let call = "__aetherctl_add_completions -W \"$(__aetherctl_custom_complete"
    let names = """
      __aetherctl_add_names() {
          compopt +o filenames 2>/dev/null
          local c
          while IFS='' read -r c; do
              [[ -n "${c}" && "${c}" == "${cur}"* ]] || continue
              # One word on the line, quoted as bash reads it back: a name's
              # $(…), spaces or quotes stay data when the line runs too.
              [[ "${c}" == *= ]] || printf -v c '%q' "${c}"
              COMPREPLY+=("${c}")
          done <<< "${2}"
          for c in "${COMPREPLY[@]}"; do [[ "${c}" == *= ]] || return 0; done
          [[ ${#COMPREPLY[@]} -gt 0 ]] && compopt -o nospace 2>/dev/null
          return 0
      }


      """
    let replaced = script.replacingOccurrences(of: call, with: "__aetherctl_add_names -W \"$(__aetherctl_custom_complete")
      .replacingOccurrences(of: "\n_aetherctl() {", with: "\n__aetherctl_main() {")
    return replaced.replacingOccurrences(of: "__aetherctl_custom_complete() {", with: names + "__aetherctl_custom_complete() {")
      + colonWords
  }

  /// bash breaks words at `:` (COMP_WORDBREAKS), so a recording rule's name
  /// (`kafka:group_lag_sum`) reached the script as three words, which moved
  /// its count of positionals and left nothing to complete. The words are
  /// joined back where no blank parts them, as bash-completion's
  /// `_get_comp_words_by_ref -n :` does, and the part of the word before
  /// its last `:` (which bash keeps on the line) is taken off the answers.
  static let colonWords = #"""

    _aetherctl() {
        local -a joined=()
        local -i cword=0 glued=0 i
        local line="${COMP_LINE:0:${COMP_POINT}}" word rest
        for ((i = 0; i < ${#COMP_WORDS[@]} && i <= COMP_CWORD; i++)); do
            rest="${line#"${line%%[![:space:]]*}"}"
            word="${COMP_WORDS[i]}"
            # The word being completed, as far as the cursor.
            ((i == COMP_CWORD)) && word="${rest}"
            if ((i > 0)) && [[ ${#rest} -eq ${#line} ]] && [[ "${word}" == :* || "${COMP_WORDS[i-1]}" == *: ]]; then
                # Not joined[-1]: negative subscripts need bash 4.3.
                joined[${#joined[@]}-1]+="${word}"
                ((i == COMP_CWORD)) && glued=1
            else
                joined+=("${word}")
            fi
            line="${rest#"${word}"}"
            ((i == COMP_CWORD)) && cword=$((${#joined[@]} - 1))
        done
        for ((; i < ${#COMP_WORDS[@]}; i++)); do joined+=("${COMP_WORDS[i]}"); done
        local -a COMP_WORDS=("${joined[@]}")
        local COMP_CWORD=${cword}
        if ((glued == 0)); then
            __aetherctl_main "${1}" "${2}" "${3}"
            return
        fi
        __aetherctl_main "${1}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        local kept="${COMP_WORDS[COMP_CWORD]%"${COMP_WORDS[COMP_CWORD]##*:}"}"
        for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]="${COMPREPLY[i]#"${kept}"}"; done
    }
    """#

}
