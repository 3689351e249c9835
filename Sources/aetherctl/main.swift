import Commands
Main.run(arguments: CommandLine.arguments)
