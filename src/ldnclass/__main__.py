from ldnclass.entry import main

main()
