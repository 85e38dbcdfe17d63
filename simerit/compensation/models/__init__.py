from simerit.compensation.models.tpp import BaseAmount, Line, PredikatRate, Run, Scheme

__all__ = ["BaseAmount", "Line", "PredikatRate", "Run", "Scheme"]
