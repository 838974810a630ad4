"""Les montants en euros des gabarits : `{{ montant|euros }}` (« 1,10 € »),
`{{ montant|euros:"-2" }}`, `{{ montant|euros:"0" }}` ; voir brest_numerique/typographie.py."""

from django import template

from brest_numerique import typographie

register = template.Library()


@register.filter
def euros(montant, decimales=2):
    return typographie.euros(montant, decimales)
