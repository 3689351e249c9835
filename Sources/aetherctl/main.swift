import Shell

Main.run()
