from ldnclass.cli import main

main()
