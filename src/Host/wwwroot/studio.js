// BatchInfer Studio's only script of its own: uploads go straight from the browser to the daemon as a streamed PUT
// (not through the live connection), so a 200 MB input is neither held by the page nor by the daemon.
window.batchInferStudio = {
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
