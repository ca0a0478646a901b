// BatchInfer Studio's only script of its own: uploads go straight from the browser to the daemon as a streamed PUT
// (not through the live connection), so a 200 MB input is neither held by the page nor by the daemon.
window.batchInferStudio = {
  // The reader's choices (dark mode, UTC times) stay in this browser, not on the daemon.
  preferences: function () {
    return { dark: localStorage.getItem("batch_infer.dark") === "1", utc: localStorage.getItem("batch_infer.utc") === "1" };
  },
  savePreferences: function (dark, utc) {
    localStorage.setItem("batch_infer.dark", dark ? "1" : "0");
    localStorage.setItem("batch_infer.utc", utc ? "1" : "0");
  },
  upload: async function (inputId, replace) {
    const input = document.getElementById(inputId);
    const file = input && input.files && input.files[0];
    if (!file) {
      return { ok: false, status: 0, text: "Choose a file first." };
    }
    const response = await fetch("/inputs/" + encodeURIComponent(file.name) + (replace ? "?replace=true" : ""), {
      method: "PUT",
      body: file,
      headers: { "X-BatchInfer-Studio": "1", "Content-Type": "application/octet-stream" },
      credentials: "same-origin",
    });
    return { ok: response.ok, status: response.status, text: await response.text() };
  },
};
