"""A ceremony's seating plan: the problem read from the database, the solver run as a job, edits checked by
the validator, explanations in Russian, the page and the prints."""
