// What every htmx request shows when it fails. Answers 400 and 422 carry the form with its
// messages and are swapped like a success (responseHandling, in the htmx-config meta of
// base.html); the form's messages must then be in what htmx swaps, or the whole page comes.
// Any other failure — the network, a timeout, a 5xx, a 403 or 404 — swaps nothing:
// a DSFR alert then says so just above the form or the links that sent the request, so that
// the page never stays silently unchanged. The next request from there removes it.
(function () {
  "use strict";
  var CLASSE = "htmx-erreur";

  function origine(elt) {
    return elt.closest("form, [data-hx-boost]") || elt;
  }

  function retirer(elt) {
    var avant = origine(elt).previousElementSibling;
    if (avant && avant.classList.contains(CLASSE)) { avant.remove(); }
  }

  function montrer(elt, texte) {
    if (!elt || !elt.isConnected) { return; }
    retirer(elt);
    var alerte = document.createElement("div");
    alerte.className = "fr-alert fr-alert--error fr-alert--sm fr-mb-2w " + CLASSE;
    alerte.setAttribute("role", "alert");
    var paragraphe = document.createElement("p");
    paragraphe.textContent = texte;
    alerte.appendChild(paragraphe);
    origine(elt).insertAdjacentElement("beforebegin", alerte);
  }

  function horsLigne(event) {
    montrer(event.detail.elt, "Le serveur n'a pas pu être joint : rien n'a changé sur cette " +
      "page. Vérifiez votre connexion, puis réessayez.");
  }

  // A 400 or 422 shows its messages where htmx puts the answer. A search form sits outside
  // the results it replaces: its messages, next to its fields, come with the whole page.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var statut = event.detail.xhr.status;
    if (statut !== 400 && statut !== 422) { return; }
    var config = event.detail.requestConfig || {};
    var formulaire = config.elt && config.elt.closest("form");
    var cible = event.detail.target;
    if (!formulaire || !cible || cible.contains(formulaire)) { return; }
    event.detail.shouldSwap = false;
    if (config.verb === "get") {
      window.location.assign(event.detail.xhr.responseURL);
    } else {
      montrer(config.elt, "Le formulaire contient des erreurs : rechargez la page pour les voir.");
    }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    retirer(event.detail.elt);
  });
  document.addEventListener("htmx:sendError", horsLigne);
  document.addEventListener("htmx:timeout", horsLigne);
  document.addEventListener("htmx:responseError", function (event) {
    var statut = event.detail.xhr.status;
    var texte;
    if (statut >= 500) {
      texte = "Le serveur a rencontré une erreur (code " + statut + ") : rien n'a changé sur " +
        "cette page. Réessayez dans un instant ; si l'erreur revient, rechargez la page.";
    } else if (statut === 403 || statut === 404) {
      texte = "Cette action n'est pas ou plus possible (code " + statut + ") : rechargez la " +
        "page pour voir son état actuel.";
    } else {
      texte = "La demande n'a pas abouti (code " + statut + ") : rien n'a changé sur cette " +
        "page. Rechargez-la, puis réessayez.";
    }
    montrer(event.detail.elt, texte);
  });
})();
