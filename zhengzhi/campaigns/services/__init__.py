"""Every change to a campaign, its tasks, reports and pledges goes through these modules, each in
one transaction with its audit row."""
