"""The plans: the year's plan of events, and the monthly and weekly plans with the officials taking part,
their clashes and the deadlines of the preparation plans' tasks. Above events and tasks, which it reads."""
