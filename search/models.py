# Search indexes and their relay state arrive with issue "search".
