from simerit.rewards.models.awards import (
    Award,
    CommitteeMember,
    Criterion,
    Grant,
    Nomination,
    Score,
)

__all__ = ["Award", "CommitteeMember", "Criterion", "Grant", "Nomination", "Score"]
