"""budgetgen: a unit's budget spec becomes its published disclosure document."""
