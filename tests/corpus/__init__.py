"""Public corpora of answers, correct and wrong, one folder per checker: they measure the checkers' fairness."""
