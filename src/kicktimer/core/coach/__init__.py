"""Coach mode, the pure part: athletes and their keys, the board of splits, the results."""
