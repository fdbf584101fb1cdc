"""Quotas (разнарядка): how many places each organisation gets (solver/apportionment.py does the sharing)."""
