"""Public corpora of answers, correct and wrong, that measure the checkers' fairness."""
