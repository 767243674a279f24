"""Workshop mode in the editor: the session link, Inbox and Session docks, join panel and map overlay."""
