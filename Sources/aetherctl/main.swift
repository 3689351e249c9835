import Shell
Main.run(arguments: CommandLine.arguments)
