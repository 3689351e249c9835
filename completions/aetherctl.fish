function __aetherctl_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __aetherctl_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __aetherctl_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __aetherctl_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __aetherctl_parse_tokens -S
    set -l unparsed_tokens (__aetherctl_tokens -pc)
    switch $unparsed_tokens[1]
    case 'aetherctl'
        __aetherctl_parse_subcommand 0 'profile=' 'b/brokers=' 'p/prometheus=' 'timeout=' 'o/output=' 'bearer-file=' 'password-file=' 'config=' 'X=+' 'sandbox' 'no-color' 'v/verbose' 'f=' 'c=' 'check' 'norc' 'h/help'
        switch $unparsed_tokens[1]
        case 'topics'
            __aetherctl_parse_subcommand 0 'pattern=' 'internal' 'o/output=' 'h/help'
        case 'topic'
            __aetherctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'describe'
                __aetherctl_parse_subcommand 1 'o/output=' 'h/help'
            end
        case 'produce'
            __aetherctl_parse_subcommand 2 'key=' 'header=+' 'partition=' 'count=' 'rate=' 'file=' 'raw' 'crlf' 'o/output=' 'h/help'
        case 'tail'
            __aetherctl_parse_subcommand 1 'from=' 'partition=' 'n/limit=' 'follow' 'no-follow' 'grep=' 'where=+' 'format=' 'group=' 'o/output=' 'h/help'
        case 'groups'
            __aetherctl_parse_subcommand 0 'pattern=' 'o/output=' 'h/help'
        case 'group'
            __aetherctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'describe'
                __aetherctl_parse_subcommand 1 'topic=' 'o/output=' 'h/help'
            case 'seek'
                __aetherctl_parse_subcommand 1 'to=' 'topic=' 'partition=' 'execute' 'yes' 'o/output=' 'h/help'
            end
        case 'lag'
            __aetherctl_parse_subcommand 1 'topic=' 'total' 'watch=' 'o/output=' 'h/help'
        case 'sandbox'
            __aetherctl_parse_subcommand 0 'o/output=' 'h/help'
            switch $unparsed_tokens[1]
            case 'serve'
                __aetherctl_parse_subcommand 0 'partitions=' 'topic=+' 'brokers=' 'control' 'h/help'
            end
        case 'prom'
            __aetherctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'query'
                __aetherctl_parse_subcommand 1 'time=' 'or=' 'o/output=' 'h/help'
            case 'range'
                __aetherctl_parse_subcommand 1 'since=' 'step=' 'chart' 'table' 'o/output=' 'h/help'
            case 'alerts'
                __aetherctl_parse_subcommand 0 'state=' 'o/output=' 'h/help'
            case 'rules'
                __aetherctl_parse_subcommand 0 'type=' 'o/output=' 'h/help'
            case 'targets'
                __aetherctl_parse_subcommand 0 'health=' 'job=' 'o/output=' 'h/help'
            case 'series'
                __aetherctl_parse_subcommand -r 1 'since=' 'o/output=' 'h/help'
            case 'labels'
                __aetherctl_parse_subcommand 1 'o/output=' 'h/help'
            case 'metrics'
                __aetherctl_parse_subcommand 1 'o/output=' 'h/help'
            end
        case 'http'
            __aetherctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'get'
                __aetherctl_parse_subcommand 1 'i/include' 'header=+' 'bearer=' 'bearer-file=' 'user=' 'timeout=' 'insecure' 'cacert=' 'o/output=' 'h/help'
            case 'post'
                __aetherctl_parse_subcommand 1 'json=' 'form=+' 'i/include' 'header=+' 'bearer=' 'bearer-file=' 'user=' 'timeout=' 'insecure' 'cacert=' 'o/output=' 'h/help'
            end
        case 'health'
            __aetherctl_parse_subcommand 1 'expect=' 'unreachable-is-down' 'header=+' 'bearer=' 'bearer-file=' 'user=' 'timeout=' 'insecure' 'cacert=' 'o/output=' 'h/help'
        case 'metrics'
            __aetherctl_parse_subcommand 1 'grep=' 'header=+' 'bearer=' 'bearer-file=' 'user=' 'timeout=' 'insecure' 'cacert=' 'o/output=' 'h/help'
        case 'sse'
            __aetherctl_parse_subcommand 1 'n/limit=' 'duration=' 'header=+' 'bearer=' 'bearer-file=' 'user=' 'timeout=' 'insecure' 'cacert=' 'o/output=' 'h/help'
        case 'eta'
            __aetherctl_parse_subcommand 1 'lag=' 'consume-rate=' 'produce-rate=' 'window=' 'topic=' 'from-prometheus' 'lag-rule=' 'rate-rule=' 'capacity-rule=' 'eta-rule=' 'o/output=' 'h/help'
        case 'scale-hint'
            __aetherctl_parse_subcommand 1 'rate=' 'capacity=' 'lag=' 'target-drain=' 'partitions=' 'current=' 'window=' 'topic=' 'from-prometheus' 'lag-rule=' 'rate-rule=' 'capacity-rule=' 'eta-rule=' 'o/output=' 'h/help'
        case 'skew'
            __aetherctl_parse_subcommand 1 'lags=' 'topic=' 'o/output=' 'h/help'
        case 'runbook'
            __aetherctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __aetherctl_parse_subcommand 0 'o/output=' 'h/help'
            case 'show'
                __aetherctl_parse_subcommand 1 'h/help'
            case 'run'
                __aetherctl_parse_subcommand 1 'yes' 'var=+' 'o/output=' 'h/help'
            end
        case 'fix'
            __aetherctl_parse_subcommand -r 2 'yes' 'o/output=' 'h/help'
        case 'step'
            __aetherctl_parse_subcommand -r 1 'h/help'
        case 'remedy'
            __aetherctl_parse_subcommand -r 2 'yes' 'h/help'
        case 'echo'
            __aetherctl_parse_subcommand -r 1 'n' 'h/help'
        case 'sleep'
            __aetherctl_parse_subcommand 1 'h/help'
        case 'exit'
            __aetherctl_parse_subcommand 1 'h/help'
        case 'help'
            __aetherctl_parse_subcommand -r 1 'h/help'
        case 'history'
            __aetherctl_parse_subcommand 1 'o/output=' 'h/help'
        case 'watch'
            __aetherctl_parse_subcommand -r 2 'o/output=' 'h/help'
        case 'version'
            __aetherctl_parse_subcommand 0 'o/output=' 'h/help'
        case 'config'
            __aetherctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'show'
                __aetherctl_parse_subcommand 0 'o/output=' 'h/help'
            end
        case 'completions'
            __aetherctl_parse_subcommand 1 'h/help'
        case 'profile'
            __aetherctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'use'
                __aetherctl_parse_subcommand 1 'h/help'
            case 'list'
                __aetherctl_parse_subcommand 0 'o/output=' 'h/help'
            end
        case 'help'
            __aetherctl_parse_subcommand -r 1 
        end
    end
end

function __aetherctl_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __aetherctl_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __aetherctl_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __aetherctl_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__aetherctl_tokens -p)
    if test -z "$(__aetherctl_tokens -t)"
        set -l index (count (__aetherctl_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'aetherctl' -f
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" profile' -l 'profile' -d 'Profile from the config file (env AETHER_PROFILE).' -rfka '(__aetherctl_custom_completion ---completion -- --profile (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" b brokers' -s 'b' -l 'brokers' -d 'Bootstrap brokers (env AETHER_BROKERS).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" p prometheus' -s 'p' -l 'prometheus' -d 'Prometheus URL (env AETHER_PROMETHEUS_URL).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" timeout' -l 'timeout' -d 'Timeout for every network call (e.g. 5s).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" o output' -s 'o' -l 'output' -d 'table, json, csv or plain.' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" bearer-file' -l 'bearer-file' -d 'Prometheus bearer token from the first line of this file (env AETHER_PROMETHEUS_TOKEN).' -rF
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" password-file' -l 'password-file' -d 'SASL password from the first line of this file (env AETHER_KAFKA_PASSWORD); keeps it out of ps.' -rF
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" config' -l 'config' -d 'Config file (default $XDG_CONFIG_HOME/aetherctl/config.toml).' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'toml\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl"' -s 'X' -d 'librdkafka property KEY=VALUE (repeatable).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" sandbox' -l 'sandbox' -d 'Run against an in-process Kafka mock cluster.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" no-color' -l 'no-color' -d 'No colour (also when NO_COLOR is set).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" v verbose' -s 'v' -l 'verbose' -d 'Log what is done to stderr.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" f' -s 'f' -d 'Run a script file (\'-\' for stdin); ARGs become $1…' -rfa '(for p in (string match -e -- \'*/\' (commandline -t);or printf \n)*.\'actl\';printf %s\n $p;end;__fish_complete_directories (commandline -t) \'\')'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" c' -s 'c' -d 'Run inline commands.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" check' -l 'check' -d 'With -f or -c: parse and resolve the script without running it.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" norc' -l 'norc' -d 'Interactive shell: skip the start-up file rc.actl.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'topics' -d 'Topics with partition count and replication.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'topic' -d 'Describe one topic: leaders, replicas, ISR and offsets per partition.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'produce' -d 'Produce messages (idempotent, acks=all); every message is accounted for.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'tail' -d 'Read messages from a topic; commits nothing unless --group.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'groups' -d 'Consumer groups with state, members and total lag.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'group' -d 'Describe a consumer group or reset its committed offsets.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'lag' -d 'Lag of a consumer group: total, per partition, skew and the hottest partition.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'sandbox' -d 'The sandbox cluster\'s bootstrap address, or serve one for other programs.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'prom' -d 'Query Prometheus: instant and range queries, alerts, rules, targets, series, labels, metrics.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'http' -d 'Call an HTTP endpoint (curl for the runbooks): get or post.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'health' -d 'Check a service endpoint: exit 0 only when it answers with the expected status.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'metrics' -d 'Read a /metrics page (Prometheus text format): name, labels, value.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'sse' -d 'Print server-sent events as they arrive (id, event, data), to a limit or Ctrl-C.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'eta' -d 'Drain ETA of a backlog: live from a group, or from given numbers.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'scale-hint' -d 'Consumer replicas needed, capped at the partition count, with the reason.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'skew' -d 'Skew of lag across partitions (max/avg) and the hottest partition.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'runbook' -d 'Runbooks for the pipeline\'s alerts: list, show, run (triage runs, remedies ask first).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'fix' -d 'Quick fixes: \'fix list\', or \'fix NAME [ARG…] [--yes]\' (asks before changing anything).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'step' -d 'Start a runbook step: prints its title as a heading.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'remedy' -d 'A change: shows what it will do; runs only after a yes (or --yes).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'echo' -d 'Print words, separated by spaces.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'sleep' -d 'Pause (Ctrl-C ends it early with status 130).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'exit' -d 'End the script (or the shell) with a status.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'help' -d 'List commands, or show one command\'s help.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'history' -d 'List the interactive shell\'s history.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'watch' -d 'Re-run a command every DURATION until Ctrl-C, redrawing in place on a terminal.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'version' -d 'aetherctl\'s version and the C libraries it runs on.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'config' -d 'Show the settings in effect and where each came from.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'completions' -d 'Print the bash, zsh or fish completion script (generated from the command declarations).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'profile' -d 'List profiles or switch to another for this session.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl topics" pattern' -l 'pattern' -d 'Only topics matching this glob (e.g. \'apexflow.*\').' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl topics" internal' -l 'internal' -d 'Include internal topics (__consumer_offsets, …).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl topics" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl topics" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl topic" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl topic" -eq 1' -fa 'describe' -d 'Per partition: leader, replicas, ISR, log start, log end, messages.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl topic describe" -eq 1' -fka '(__aetherctl_custom_completion ---completion topic describe -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl topic describe" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl topic describe" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl produce" -eq 1' -fka '(__aetherctl_custom_completion ---completion produce -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce" key' -l 'key' -d 'Message key (a template).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce"' -l 'header' -d 'Header K=V (repeatable).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce" partition' -l 'partition' -d 'Partition (default: by key, else spread).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce" count' -l 'count' -d 'How many messages (default 1).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce" rate' -l 'rate' -d 'Messages per second (default: as fast as possible).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce" file' -l 'file' -d 'Send one message per line of PATH (\'-\' for stdin).' -rF
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce" raw' -l 'raw' -d 'No templating: send VALUE and --key as written.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce" crlf' -l 'crlf' -d 'With --file: lines end in CRLF; drop the CR (default: keep every byte, as kcat does).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl produce" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl tail" -eq 1' -fka '(__aetherctl_custom_completion ---completion tail -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" from' -l 'from' -d 'Where to start: beginning, end, OFFSET, -N (the last N), @TIME or @-DURATION.' -rfka 'beginning end'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" partition' -l 'partition' -d 'Only this partition.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" limit n' -s 'n' -l 'limit' -d 'Stop after N messages.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" follow' -l 'follow' -d 'Keep reading new messages (default: only interactively).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" no-follow' -l 'no-follow' -d 'Keep reading new messages (default: only interactively).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" grep' -l 'grep' -d 'Only messages whose value matches this regular expression.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail"' -l 'where' -d 'Only JSON objects whose FIELD=VALUE (or FIELD!=VALUE; a message without FIELD matches neither; a.b is a path, a\\.b a key with a dot); repeatable.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" format' -l 'format' -d 'kcat-style format, e.g. \'%p %o %s\\n\'.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" group' -l 'group' -d 'Consume as this group: start from its commits and commit what was read.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl tail" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl groups" pattern' -l 'pattern' -d 'Only groups matching this glob.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl groups" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl groups" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl group" -eq 1' -fa 'describe' -d 'State, members, and per partition: committed, log end, lag, owner.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl group" -eq 1' -fa 'seek' -d 'Reset a group\'s committed offsets; a dry run unless --execute.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl group describe" -eq 1' -fka '(__aetherctl_custom_completion ---completion group describe -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group describe" topic' -l 'topic' -d 'Only this topic.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group describe" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group describe" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl group seek" -eq 1' -fka '(__aetherctl_custom_completion ---completion group seek -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group seek" to' -l 'to' -d 'start, end, OFFSET, @TIME or -DURATION.' -rfka 'start end'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group seek" topic' -l 'topic' -d 'Only this topic (default: the group\'s topics, else the profile\'s).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group seek" partition' -l 'partition' -d 'Only this partition.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group seek" execute' -l 'execute' -d 'Commit the plan (default: dry run).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group seek" yes' -l 'yes' -d 'Do not ask for confirmation on a protected profile.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group seek" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl group seek" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl lag" -eq 1' -fka '(__aetherctl_custom_completion ---completion lag -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl lag" topic' -l 'topic' -d 'Only this topic (default: the topics the group committed, else the profile\'s topic).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl lag" total' -l 'total' -d 'Print only the total lag.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl lag" watch' -l 'watch' -d 'Repeat every DURATION until Ctrl-C.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl lag" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl lag" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sandbox" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sandbox" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl sandbox" -eq 1' -fa 'serve' -d 'Run a mock cluster until killed; its address is the first line.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sandbox serve" partitions' -l 'partitions' -d 'Partitions of each topic.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sandbox serve"' -l 'topic' -d 'Topic to create (repeatable; default: the pipeline\'s topics).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sandbox serve" brokers' -l 'brokers' -d 'Brokers in the cluster.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sandbox serve" control' -l 'control' -d 'Read \'down ID|all\' and \'up ID|all\' lines on stdin to stop and restart brokers (failure drills).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sandbox serve" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl prom" -eq 1' -fa 'query' -d 'Instant query: one row per series, its labels and value.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl prom" -eq 1' -fa 'range' -d 'Range query drawn as a terminal chart; --table prints the numbers.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl prom" -eq 1' -fa 'alerts' -d 'Active alerts: state, since, labels, summary (firing in red).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl prom" -eq 1' -fa 'rules' -d 'Recording and alerting rules with their health and last error.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl prom" -eq 1' -fa 'targets' -d 'Scrape targets: job, instance, health, last scrape, error.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl prom" -eq 1' -fa 'series' -d 'Series matching selectors, e.g. prom series \'kafka_consumergroup_lag{topic="aetherlink.events"}\'.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl prom" -eq 1' -fa 'labels' -d 'Label names, or the values of one label (prom labels consumergroup).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl prom" -eq 1' -fa 'metrics' -d 'Metric names Prometheus knows, optionally only those starting with PREFIX.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom query" time' -l 'time' -d 'Evaluation time: RFC 3339, epoch ms, or -DURATION (default now).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom query" or' -l 'or' -d 'Print this instead of failing when no series matches (e.g. --or unknown).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom query" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom query" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom range" since' -l 'since' -d 'How far back from now (default 1h).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom range" step' -l 'step' -d 'Resolution (default: span/60).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom range" chart' -l 'chart' -d 'Draw a chart (the default on a terminal).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom range" table' -l 'table' -d 'Print the numbers: one row per series and time.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom range" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom range" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom alerts" state' -l 'state' -d 'Only alerts in this state.' -rfka 'firing pending'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom alerts" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom alerts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom rules" type' -l 'type' -d 'Only this kind of rule.' -rfka 'alert record'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom rules" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom rules" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom targets" health' -l 'health' -d 'Only targets with this health.' -rfka 'up down'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom targets" job' -l 'job' -d 'Only this job.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom targets" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom targets" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom series" since' -l 'since' -d 'Only series seen within this long (default: Prometheus\'s default, all retained).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom series" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom series" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom labels" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom labels" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom metrics" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl prom metrics" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl http" -eq 1' -fa 'get' -d 'GET a URL and print the body; exit 1 on HTTP 4xx/5xx, 3 when unreachable.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl http" -eq 1' -fa 'post' -d 'POST a JSON body or a form and print the answer.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get" i include' -s 'i' -l 'include' -d 'Print the status line and headers before the body.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get"' -l 'header' -d 'Extra header NAME:VALUE (repeatable).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get" bearer' -l 'bearer' -d 'Bearer token (prefer --bearer-file: a token on the command line is visible in ps).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get" bearer-file' -l 'bearer-file' -d 'Read the bearer token from the first line of this file.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get" user' -l 'user' -d 'Basic auth USER:PASSWORD.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get" timeout' -l 'timeout' -d 'Seconds (or a duration) for the whole call (default: --timeout of the session).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get" insecure' -l 'insecure' -d 'Do not verify the server\'s TLS certificate (self-signed test endpoints only).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get" cacert' -l 'cacert' -d 'Trust the CA certificates in this PEM file (an internal CA); verification stays on.' -rF
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http get" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" json' -l 'json' -d 'JSON body (sent with Content-Type: application/json); @FILE reads it from a file.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post"' -l 'form' -d 'Form field NAME=VALUE (repeatable); NAME-file=PATH reads the value from a file.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" i include' -s 'i' -l 'include' -d 'Print the status line and headers before the body.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post"' -l 'header' -d 'Extra header NAME:VALUE (repeatable).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" bearer' -l 'bearer' -d 'Bearer token (prefer --bearer-file: a token on the command line is visible in ps).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" bearer-file' -l 'bearer-file' -d 'Read the bearer token from the first line of this file.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" user' -l 'user' -d 'Basic auth USER:PASSWORD.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" timeout' -l 'timeout' -d 'Seconds (or a duration) for the whole call (default: --timeout of the session).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" insecure' -l 'insecure' -d 'Do not verify the server\'s TLS certificate (self-signed test endpoints only).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" cacert' -l 'cacert' -d 'Trust the CA certificates in this PEM file (an internal CA); verification stays on.' -rF
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl http post" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" expect' -l 'expect' -d 'The status that means healthy (default: any 2xx).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" unreachable-is-down' -l 'unreachable-is-down' -d 'A server that cannot be reached is unhealthy (exit 1), not exit 3.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health"' -l 'header' -d 'Extra header NAME:VALUE (repeatable).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" bearer' -l 'bearer' -d 'Bearer token (prefer --bearer-file: a token on the command line is visible in ps).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" bearer-file' -l 'bearer-file' -d 'Read the bearer token from the first line of this file.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" user' -l 'user' -d 'Basic auth USER:PASSWORD.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" timeout' -l 'timeout' -d 'Seconds (or a duration) for the whole call (default: --timeout of the session).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" insecure' -l 'insecure' -d 'Do not verify the server\'s TLS certificate (self-signed test endpoints only).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" cacert' -l 'cacert' -d 'Trust the CA certificates in this PEM file (an internal CA); verification stays on.' -rF
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl health" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics" grep' -l 'grep' -d 'Only series matching this regular expression.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics"' -l 'header' -d 'Extra header NAME:VALUE (repeatable).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics" bearer' -l 'bearer' -d 'Bearer token (prefer --bearer-file: a token on the command line is visible in ps).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics" bearer-file' -l 'bearer-file' -d 'Read the bearer token from the first line of this file.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics" user' -l 'user' -d 'Basic auth USER:PASSWORD.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics" timeout' -l 'timeout' -d 'Seconds (or a duration) for the whole call (default: --timeout of the session).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics" insecure' -l 'insecure' -d 'Do not verify the server\'s TLS certificate (self-signed test endpoints only).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics" cacert' -l 'cacert' -d 'Trust the CA certificates in this PEM file (an internal CA); verification stays on.' -rF
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl metrics" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" limit n' -s 'n' -l 'limit' -d 'Stop after this many events.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" duration' -l 'duration' -d 'Stop after this long.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse"' -l 'header' -d 'Extra header NAME:VALUE (repeatable).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" bearer' -l 'bearer' -d 'Bearer token (prefer --bearer-file: a token on the command line is visible in ps).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" bearer-file' -l 'bearer-file' -d 'Read the bearer token from the first line of this file.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" user' -l 'user' -d 'Basic auth USER:PASSWORD.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" timeout' -l 'timeout' -d 'Seconds (or a duration) for the whole call (default: --timeout of the session).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" insecure' -l 'insecure' -d 'Do not verify the server\'s TLS certificate (self-signed test endpoints only).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" cacert' -l 'cacert' -d 'Trust the CA certificates in this PEM file (an internal CA); verification stays on.' -rF
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sse" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl eta" -eq 1' -fka '(__aetherctl_custom_completion ---completion eta -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" lag' -l 'lag' -d 'Backlog in messages.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" consume-rate' -l 'consume-rate' -d 'Messages/s the group consumes.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" produce-rate' -l 'produce-rate' -d 'Messages/s arriving (default 0).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" window' -l 'window' -d 'Sampling window for the live form (default 10s).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" topic' -l 'topic' -d 'Live form: only this topic.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" from-prometheus' -l 'from-prometheus' -d 'Read lag and rates from Prometheus\'s recording rules instead of Kafka.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" lag-rule' -l 'lag-rule' -d 'Recording rule for total lag per group.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" rate-rule' -l 'rate-rule' -d 'Recording rule for consumer throughput (events/s).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" capacity-rule' -l 'capacity-rule' -d 'Recording rule for peak per-consumer capacity (events/s).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" eta-rule' -l 'eta-rule' -d 'Recording rule for the dashboard\'s drain ETA, shown for comparison.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl eta" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl scale-hint" -eq 1' -fka '(__aetherctl_custom_completion ---completion scale-hint -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" rate' -l 'rate' -d 'Incoming messages/s.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" capacity' -l 'capacity' -d 'Messages/s one replica handles (default: the profile\'s capacity).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" lag' -l 'lag' -d 'Backlog to clear.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" target-drain' -l 'target-drain' -d 'Clear the backlog within this time (e.g. 10m).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" partitions' -l 'partitions' -d 'Partition count: the most replicas that can work.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" current' -l 'current' -d 'Replicas running now (for the report).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" window' -l 'window' -d 'Sampling window for the live form (default 10s).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" topic' -l 'topic' -d 'Live form: only this topic.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" from-prometheus' -l 'from-prometheus' -d 'Read lag and rates from Prometheus\'s recording rules instead of Kafka.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" lag-rule' -l 'lag-rule' -d 'Recording rule for total lag per group.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" rate-rule' -l 'rate-rule' -d 'Recording rule for consumer throughput (events/s).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" capacity-rule' -l 'capacity-rule' -d 'Recording rule for peak per-consumer capacity (events/s).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" eta-rule' -l 'eta-rule' -d 'Recording rule for the dashboard\'s drain ETA, shown for comparison.' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl scale-hint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl skew" -eq 1' -fka '(__aetherctl_custom_completion ---completion skew -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl skew" lags' -l 'lags' -d 'Partition lags, partition 0 first (e.g. 0,0,339).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl skew" topic' -l 'topic' -d 'Topic the lags belong to, or the live form\'s only topic (default: the profile\'s).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl skew" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl skew" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl runbook" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl runbook" -eq 1' -fa 'list' -d 'Runbooks with severity and summary.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl runbook" -eq 1' -fa 'show' -d 'Print a runbook\'s steps as written.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl runbook" -eq 1' -fa 'run' -d 'Run a runbook: triage steps print their findings; remedies ask before they change anything.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl runbook list" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl runbook list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl runbook show" -eq 1' -fka '(__aetherctl_custom_completion ---completion runbook show -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl runbook show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl runbook run" -eq 1' -fka '(__aetherctl_custom_completion ---completion runbook run -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl runbook run" yes' -l 'yes' -d 'Run the remedies without asking.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl runbook run"' -l 'var' -d 'Set a runbook variable K=V (repeatable).' -rfka ''
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl runbook run" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl runbook run" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl fix" -eq 1' -fka '(__aetherctl_custom_completion ---completion fix -- positional@0 (count (__aetherctl_tokens -pc)) (__aetherctl_tokens -tC))'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl fix" yes' -l 'yes' -d 'Run without asking.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl fix" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl fix" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl step" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl remedy" yes' -l 'yes' -d 'Run without asking.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl remedy" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl echo" n' -s 'n' -d 'No newline at the end.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl echo" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl sleep" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl exit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl help" -ge 1' -fka 'topics topic produce tail groups group lag sandbox prom http health metrics sse eta scale-hint skew runbook fix step remedy echo sleep exit help history watch version config completions profile set unset if for assert wait include ! variables'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl help" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl history" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl history" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl watch" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl watch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl version" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl version" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl config" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl config" -eq 1' -fa 'show' -d 'Settings in effect, with their source (flag, env, profile, default); secrets masked.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl config show" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl config show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl completions" -eq 1' -fka 'bash zsh fish'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl completions" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl profile" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl profile" -eq 1' -fa 'use' -d 'Switch this session to another profile (flags still win).'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_positional "aetherctl profile" -eq 1' -fa 'list' -d 'Profiles in the config file.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl profile use" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl profile list" o output' -s 'o' -l 'output' -d 'table, json, csv or plain (default: the session\'s).' -rfka 'table json csv plain'
complete -c 'aetherctl' -n '__aetherctl_should_offer_completions_for_flags_or_options "aetherctl profile list" h help' -s 'h' -l 'help' -d 'Show help information.'
