// Enregistrement automatique du brouillon (amélioration progressive : sans JS, le
// bouton « Enregistrer le brouillon » fait la même chose). Toutes les 20 secondes,
// si le formulaire a changé, il part en POST à la même adresse, qui répond en JSON.
// Le serveur garde le verrou optimiste : la version renvoyée remplace celle du
// formulaire ; un conflit arrête l'enregistrement automatique et le dit.
(function () {
  "use strict";
  var form = document.querySelector("form[data-enregistrement-auto]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var PERIODE = 20000;
  // form.action désignerait les boutons nommés « action » : l'attribut, lui, est l'adresse.
  var adresse = form.getAttribute("action");
  var etat = document.getElementById("etat-enregistrement");
  var version = form.querySelector("input[name=version]");
  var modifie = false;
  var enCours = null;
  var arrete = false;
  var envoiRetenu = null;

  function dire(texte, erreur) {
    if (!etat) {
      return;
    }
    etat.hidden = false;
    etat.textContent = texte;
    etat.classList.toggle("erreur", Boolean(erreur));
  }

  function marquer() {
    modifie = true;
  }
  form.addEventListener("input", marquer);
  form.addEventListener("change", marquer);

  function enregistrer() {
    if (!modifie || enCours || arrete) {
      return enCours;
    }
    modifie = false;
    var donnees = new FormData(form);
    donnees.set("enregistrement_auto", "1");
    enCours = fetch(adresse, {
      method: "POST",
      body: donnees,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" }
    })
      .then(function (reponse) {
        return reponse.json().then(function (corps) {
          if (reponse.ok && corps.ok) {
            version.value = corps.version;
            dire(corps.message, false);
            return;
          }
          if (reponse.status === 409 || reponse.status === 403) {
            arrete = true;
          } else {
            modifie = true;
          }
          dire(corps.message, true);
        });
      })
      .catch(function () {
        // Hors ligne ou serveur indisponible : on réessaiera au prochain tour.
        modifie = true;
        dire("Enregistrement automatique impossible pour l'instant : pensez à enregistrer.", true);
      })
      .then(function () {
        enCours = null;
        if (envoiRetenu) {
          var bouton = envoiRetenu;
          envoiRetenu = null;
          if (form.requestSubmit) {
            form.requestSubmit(bouton.nodeName ? bouton : undefined);
          } else {
            form.submit();
          }
        }
      });
    return enCours;
  }

  // Un envoi pendant un enregistrement automatique attend sa réponse : sinon il
  // partirait avec l'ancienne version et serait refusé comme un conflit.
  form.addEventListener("submit", function (evenement) {
    if (enCours) {
      evenement.preventDefault();
      envoiRetenu = evenement.submitter || true;
    }
  });

  window.setInterval(enregistrer, PERIODE);
})();
