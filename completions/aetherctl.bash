#!/bin/bash

__aetherctl_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__aetherctl_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__aetherctl_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

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

__aetherctl_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

__aetherctl_main() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=(-v --verbose)
    local -a non_repeating_flags=(--sandbox --no-color --no-pager --check --norc -h --help)
    local -a repeating_options=(-X)
    local -a non_repeating_options=(--profile -b --brokers -p --prometheus --timeout -o --output --bearer-file --password-file --alertmanager --alertmanager-bearer-file --config --drill-speed --sandbox-broker -f -c)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--profile')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion -- --profile "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    '-b'|'--brokers')
        return
        ;;
    '-p'|'--prometheus')
        return
        ;;
    '--timeout')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    '--bearer-file')
        __aetherctl_add_completions -f
        return
        ;;
    '--password-file')
        __aetherctl_add_completions -f
        return
        ;;
    '--alertmanager')
        return
        ;;
    '--alertmanager-bearer-file')
        __aetherctl_add_completions -f
        return
        ;;
    '--config')
        __aetherctl_add_completions -o plusdirs -fX '!*.@(toml)'
        return
        ;;
    '--drill-speed')
        return
        ;;
    '--sandbox-broker')
        __aetherctl_add_completions -W 'auto'$'\n''noida'$'\n''mock'
        return
        ;;
    '-X')
        return
        ;;
    '-f')
        __aetherctl_add_completions -o plusdirs -fX '!*.@(actl)'
        return
        ;;
    '-c')
        return
        ;;
    esac

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    topics|topic|produce|tail|groups|group|lag|status|dashboard|sandbox|prom|am|http|health|metrics|sse|eta|scale-hint|skew|runbook|fix|step|remedy|echo|sleep|exit|help|history|watch|version|config|completions|profile|help)
        # Offer subcommand argument completions
        "_aetherctl_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'topics topic produce tail groups group lag status dashboard sandbox prom am http health metrics sse eta scale-hint skew runbook fix step remedy echo sleep exit help history watch version config completions profile help' -- "${cur}"))
        ;;
    esac
}

_aetherctl_topics() {
    repeating_flags=()
    non_repeating_flags=(--internal -h --help)
    repeating_options=()
    non_repeating_options=(--pattern -o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--pattern')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_topic() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    describe|create|add-partitions|config|delete)
        # Offer subcommand argument completions
        "_aetherctl_topic_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'describe create add-partitions config delete' -- "${cur}"))
        ;;
    esac
}

_aetherctl_topic_describe() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion topic describe -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_topic_create() {
    repeating_flags=()
    non_repeating_flags=(--yes -h --help)
    repeating_options=(--config)
    non_repeating_options=(--partitions --replication-factor -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--partitions')
        return
        ;;
    '--replication-factor')
        return
        ;;
    '--config')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_topic_add-partitions() {
    repeating_flags=()
    non_repeating_flags=(--execute --yes -h --help)
    repeating_options=()
    non_repeating_options=(--to --sample -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--to')
        return
        ;;
    '--sample')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion topic add-partitions -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_topic_config() {
    repeating_flags=()
    non_repeating_flags=(--execute --yes -h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion topic config -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_topic_delete() {
    repeating_flags=()
    non_repeating_flags=(--execute --yes -h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion topic delete -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_produce() {
    repeating_flags=()
    non_repeating_flags=(--raw --crlf --yes -h --help)
    repeating_options=(--header)
    non_repeating_options=(--key --partition --partitioner --count --rate --file -o --output)
    __aetherctl_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--key')
        return
        ;;
    '--header')
        return
        ;;
    '--partition')
        return
        ;;
    '--partitioner')
        __aetherctl_add_completions -W 'round_robin'$'\n''consistent_random'$'\n''murmur2_random'$'\n''sticky'
        return
        ;;
    '--count')
        return
        ;;
    '--rate')
        return
        ;;
    '--file')
        __aetherctl_add_completions -f
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion produce -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_tail() {
    repeating_flags=()
    non_repeating_flags=(--follow --no-follow -h --help)
    repeating_options=(--where)
    non_repeating_options=(--from --partition -n --limit --grep --format --group --count-by --top -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--from')
        __aetherctl_add_completions -W 'beginning'$'\n''end'
        return
        ;;
    '--partition')
        return
        ;;
    '-n'|'--limit')
        return
        ;;
    '--grep')
        return
        ;;
    '--where')
        return
        ;;
    '--format')
        return
        ;;
    '--group')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion tail -- --group "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    '--count-by')
        return
        ;;
    '--top')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion tail -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_groups() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--pattern -o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--pattern')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_group() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    describe|seek|delete)
        # Offer subcommand argument completions
        "_aetherctl_group_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'describe seek delete' -- "${cur}"))
        ;;
    esac
}

_aetherctl_group_describe() {
    repeating_flags=()
    non_repeating_flags=(--no-time -h --help)
    repeating_options=()
    non_repeating_options=(--topic -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--topic')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion group describe -- --topic "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion group describe -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_group_seek() {
    repeating_flags=()
    non_repeating_flags=(--execute --yes -h --help)
    repeating_options=()
    non_repeating_options=(--to --topic --partition -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--to')
        __aetherctl_add_completions -W 'start'$'\n''end'
        return
        ;;
    '--topic')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion group seek -- --topic "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    '--partition')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion group seek -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_group_delete() {
    repeating_flags=()
    non_repeating_flags=(--execute --yes -h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion group delete -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_lag() {
    repeating_flags=()
    non_repeating_flags=(--total --no-time --fail-fast -h --help)
    repeating_options=()
    non_repeating_options=(--topic --watch -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--topic')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion lag -- --topic "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    '--watch')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion lag -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_status() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--window --every --topic -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--window')
        return
        ;;
    '--every')
        return
        ;;
    '--topic')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion status -- --topic "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion status -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_dashboard() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--every --topic)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--every')
        return
        ;;
    '--topic')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion dashboard -- --topic "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion dashboard -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_sandbox() {
    repeating_flags=()
    non_repeating_flags=(--require-pipeline --require-real-broker -h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    serve|control)
        # Offer subcommand argument completions
        "_aetherctl_sandbox_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'serve control' -- "${cur}"))
        ;;
    esac
}

_aetherctl_sandbox_serve() {
    repeating_flags=()
    non_repeating_flags=(--control --pipeline --no-monitoring -h --help)
    repeating_options=(--topic)
    non_repeating_options=(--partitions --brokers --drill-speed --rate -o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--partitions')
        return
        ;;
    '--topic')
        return
        ;;
    '--brokers')
        return
        ;;
    '--drill-speed')
        return
        ;;
    '--rate')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_sandbox_control() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--url -o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--url')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_prom() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    query|range|alerts|rules|targets|series|labels|metrics)
        # Offer subcommand argument completions
        "_aetherctl_prom_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'query range alerts rules targets series labels metrics' -- "${cur}"))
        ;;
    esac
}

_aetherctl_prom_query() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--time --or -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--time')
        return
        ;;
    '--or')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion prom query -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_prom_range() {
    repeating_flags=()
    non_repeating_flags=(--chart --table -h --help)
    repeating_options=()
    non_repeating_options=(--since --start --end --step --or -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--since')
        return
        ;;
    '--start')
        return
        ;;
    '--end')
        return
        ;;
    '--step')
        return
        ;;
    '--or')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion prom range -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_prom_alerts() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--state -o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--state')
        __aetherctl_add_completions -W 'firing'$'\n''pending'
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion prom alerts -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_prom_rules() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--type -o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--type')
        __aetherctl_add_completions -W 'alert'$'\n''record'
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_prom_targets() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--health --job -o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--health')
        __aetherctl_add_completions -W 'up'$'\n''down'
        return
        ;;
    '--job')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_prom_series() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--since -o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--since')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion prom series -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_prom_labels() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_prom_metrics() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion prom metrics -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_am() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    alerts|silence|status)
        # Offer subcommand argument completions
        "_aetherctl_am_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'alerts silence status' -- "${cur}"))
        ;;
    esac
}

_aetherctl_am_alerts() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--state --receiver -o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--state')
        __aetherctl_add_completions -W 'active'$'\n''silenced'$'\n''inhibited'$'\n''unprocessed'
        return
        ;;
    '--receiver')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion am alerts -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_am_silence() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|list|expire|extend)
        # Offer subcommand argument completions
        "_aetherctl_am_silence_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add list expire extend' -- "${cur}"))
        ;;
    esac
}

_aetherctl_am_silence_add() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --yes -h --help)
    repeating_options=()
    non_repeating_options=(--duration --until --comment --author -o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--duration')
        return
        ;;
    '--until')
        return
        ;;
    '--comment')
        return
        ;;
    '--author')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion am silence add -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_am_silence_list() {
    repeating_flags=()
    non_repeating_flags=(--expired -h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion am silence list -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_am_silence_expire() {
    repeating_flags=()
    non_repeating_flags=(--yes -h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion am silence expire -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_am_silence_extend() {
    repeating_flags=()
    non_repeating_flags=(--yes -h --help)
    repeating_options=()
    non_repeating_options=(--duration -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--duration')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion am silence extend -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_am_status() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_http() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    get|post)
        # Offer subcommand argument completions
        "_aetherctl_http_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'get post' -- "${cur}"))
        ;;
    esac
}

_aetherctl_http_get() {
    repeating_flags=()
    non_repeating_flags=(-i --include --insecure -h --help)
    repeating_options=(--header)
    non_repeating_options=(--bearer --bearer-file --user --timeout --cacert -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--header')
        return
        ;;
    '--bearer')
        return
        ;;
    '--bearer-file')
        return
        ;;
    '--user')
        return
        ;;
    '--timeout')
        return
        ;;
    '--cacert')
        __aetherctl_add_completions -f
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_http_post() {
    repeating_flags=()
    non_repeating_flags=(-i --include --insecure -h --help)
    repeating_options=(--form --header)
    non_repeating_options=(--json --bearer --bearer-file --user --timeout --cacert -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--json')
        return
        ;;
    '--form')
        return
        ;;
    '--header')
        return
        ;;
    '--bearer')
        return
        ;;
    '--bearer-file')
        return
        ;;
    '--user')
        return
        ;;
    '--timeout')
        return
        ;;
    '--cacert')
        __aetherctl_add_completions -f
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_health() {
    repeating_flags=()
    non_repeating_flags=(--unreachable-is-down --insecure -h --help)
    repeating_options=(--header)
    non_repeating_options=(--expect --bearer --bearer-file --user --timeout --cacert -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--expect')
        return
        ;;
    '--header')
        return
        ;;
    '--bearer')
        return
        ;;
    '--bearer-file')
        return
        ;;
    '--user')
        return
        ;;
    '--timeout')
        return
        ;;
    '--cacert')
        __aetherctl_add_completions -f
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_metrics() {
    repeating_flags=()
    non_repeating_flags=(--insecure -h --help)
    repeating_options=(--header)
    non_repeating_options=(--grep --bearer --bearer-file --user --timeout --cacert -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--grep')
        return
        ;;
    '--header')
        return
        ;;
    '--bearer')
        return
        ;;
    '--bearer-file')
        return
        ;;
    '--user')
        return
        ;;
    '--timeout')
        return
        ;;
    '--cacert')
        __aetherctl_add_completions -f
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_sse() {
    repeating_flags=()
    non_repeating_flags=(--insecure -h --help)
    repeating_options=(--header)
    non_repeating_options=(-n --limit --duration --idle --bearer --bearer-file --user --timeout --cacert -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-n'|'--limit')
        return
        ;;
    '--duration')
        return
        ;;
    '--idle')
        return
        ;;
    '--header')
        return
        ;;
    '--bearer')
        return
        ;;
    '--bearer-file')
        return
        ;;
    '--user')
        return
        ;;
    '--timeout')
        return
        ;;
    '--cacert')
        __aetherctl_add_completions -f
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_eta() {
    repeating_flags=()
    non_repeating_flags=(--from-prometheus -h --help)
    repeating_options=()
    non_repeating_options=(--lag --consume-rate --produce-rate --window --topic --lag-rule --rate-rule --capacity-rule --eta-rule -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--lag')
        return
        ;;
    '--consume-rate')
        return
        ;;
    '--produce-rate')
        return
        ;;
    '--window')
        return
        ;;
    '--topic')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion eta -- --topic "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    '--lag-rule')
        return
        ;;
    '--rate-rule')
        return
        ;;
    '--capacity-rule')
        return
        ;;
    '--eta-rule')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion eta -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_scale-hint() {
    repeating_flags=()
    non_repeating_flags=(--from-prometheus -h --help)
    repeating_options=()
    non_repeating_options=(--rate --capacity --lag --target-drain --partitions --current --or --window --topic --lag-rule --rate-rule --capacity-rule --eta-rule -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--rate')
        return
        ;;
    '--capacity')
        return
        ;;
    '--lag')
        return
        ;;
    '--target-drain')
        return
        ;;
    '--partitions')
        return
        ;;
    '--current')
        return
        ;;
    '--or')
        return
        ;;
    '--window')
        return
        ;;
    '--topic')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion scale-hint -- --topic "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    '--lag-rule')
        return
        ;;
    '--rate-rule')
        return
        ;;
    '--capacity-rule')
        return
        ;;
    '--eta-rule')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion scale-hint -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_skew() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--lags --topic -o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--lags')
        return
        ;;
    '--topic')
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion skew -- --topic "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion skew -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_runbook() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|run)
        # Offer subcommand argument completions
        "_aetherctl_runbook_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show run' -- "${cur}"))
        ;;
    esac
}

_aetherctl_runbook_list() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_runbook_show() {
    repeating_flags=()
    non_repeating_flags=(--source -h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion runbook show -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_runbook_run() {
    repeating_flags=()
    non_repeating_flags=(--yes -h --help)
    repeating_options=(--var)
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--var')
        return
        ;;
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion runbook run -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_fix() {
    repeating_flags=()
    non_repeating_flags=(--yes -h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion fix -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    *)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion fix -- positional@1 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_step() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options -1
}

_aetherctl_remedy() {
    repeating_flags=()
    non_repeating_flags=(--yes -h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options -1
}

_aetherctl_echo() {
    repeating_flags=()
    non_repeating_flags=(-n -h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options -1
}

_aetherctl_sleep() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 1
}

_aetherctl_exit() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 1
}

_aetherctl_help() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options -1

    # Offer positional completions
    case "${positional_number}" in
    *)
        __aetherctl_add_completions -W 'topics'$'\n''topic'$'\n''produce'$'\n''tail'$'\n''groups'$'\n''group'$'\n''lag'$'\n''status'$'\n''dashboard'$'\n''sandbox'$'\n''prom'$'\n''am'$'\n''http'$'\n''health'$'\n''metrics'$'\n''sse'$'\n''eta'$'\n''scale-hint'$'\n''skew'$'\n''runbook'$'\n''fix'$'\n''step'$'\n''remedy'$'\n''echo'$'\n''sleep'$'\n''exit'$'\n''help'$'\n''history'$'\n''watch'$'\n''version'$'\n''config'$'\n''completions'$'\n''profile'$'\n''set'$'\n''unset'$'\n''if'$'\n''for'$'\n''assert'$'\n''wait'$'\n''include'$'\n''!'$'\n''variables'
        return
        ;;
    esac
}

_aetherctl_history() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_watch() {
    repeating_flags=()
    non_repeating_flags=(--fail-fast -h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_version() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_config() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    show|get)
        # Offer subcommand argument completions
        "_aetherctl_config_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'show get' -- "${cur}"))
        ;;
    esac
}

_aetherctl_config_show() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_config_get() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 1
}

_aetherctl_completions() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_completions -W 'bash'$'\n''zsh'$'\n''fish'
        return
        ;;
    esac
}

_aetherctl_profile() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    use|list)
        # Offer subcommand argument completions
        "_aetherctl_profile_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'use list' -- "${cur}"))
        ;;
    esac
}

_aetherctl_profile_use() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __aetherctl_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __aetherctl_add_names -W "$(__aetherctl_custom_complete ---completion profile use -- positional@0 "${COMP_CWORD}" "$(__aetherctl_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_aetherctl_profile_list() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(-o --output)
    __aetherctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '-o'|'--output')
        __aetherctl_add_completions -W 'table'$'\n''json'$'\n''csv'$'\n''plain'
        return
        ;;
    esac
}

_aetherctl_help() {
    :
}

complete -o filenames -F _aetherctl aetherctl
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
