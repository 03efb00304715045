"""`make bench`: page times and query counts at factor 1 and nationwide (README, "Leistung messen")."""
