"""Coach mode, the shell: the group run with its history, the board widgets and the coach timer screen."""
