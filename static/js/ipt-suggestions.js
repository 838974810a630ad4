// Propositions d'adresses pendant la saisie (liste <datalist>) : sans JavaScript,
// le formulaire envoie l'adresse telle quelle et la page d'éligibilité la cherche.
(function () {
  "use strict";

  var champ = document.getElementById("id_adresse");
  var liste = document.getElementById("ipt-suggestions");
  if (!champ || !liste || !window.fetch) {
    return;
  }
  var adresse = champ.dataset.suggestions;
  var minuterie = null;
  var derniere = "";

  function remplir(resultats) {
    while (liste.firstChild) {
      liste.removeChild(liste.firstChild);
    }
    resultats.forEach(function (resultat) {
      var option = document.createElement("option");
      option.value = resultat.adresse;
      option.label = resultat.libelle;
      option.textContent = resultat.libelle;
      liste.appendChild(option);
    });
  }

  champ.addEventListener("input", function () {
    var texte = champ.value.trim();
    window.clearTimeout(minuterie);
    if (texte.length < 3 || texte === derniere) {
      return;
    }
    minuterie = window.setTimeout(function () {
      derniere = texte;
      fetch(adresse + "?q=" + encodeURIComponent(texte), { headers: { Accept: "application/json" } })
        .then(function (reponse) {
          return reponse.ok ? reponse.json() : { resultats: [] };
        })
        .then(function (donnees) {
          remplir(donnees.resultats || []);
        })
        .catch(function () {
          remplir([]);
        });
    }, 250);
  });
})();
