"""Keeping the policy in git: releases, approvals, check findings, comparisons and upgrades."""
