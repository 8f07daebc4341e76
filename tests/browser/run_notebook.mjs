// Runs one notebook in a running Jupyter Notebook (classic, v6) server in
// headless Chromium, and reports what the page shows. Used by
// tests/test_browser.py, which starts the server and checks the report.
//
//   node run_notebook.mjs BASE_URL TOKEN NOTEBOOK SCREENSHOT [KERNEL]
//
// BASE_URL is e.g. http://127.0.0.1:8888, NOTEBOOK a path relative to the
// server's notebook directory, SCREENSHOT the PNG to write (full page),
// KERNEL the kernelspec name to select (default gocell).
//
// Steps: open the notebook, wait for the kernel to be idle, select KERNEL
// with Kernel > Change kernel, Cell > Run All, wait until every code cell
// has an execution count (no "In [*]" left) and the kernel is idle again,
// then save the screenshot and print one line of JSON on stdout:
//
//   {"ok": true, "kernel": "gocell", "cells": [{"prompt", "text", "errors", "stderr"}...],
//    "modelErrors": [...]}
//
// The screenshot is saved on failure too. The exit status is 0 when the run
// completed (the caller judges the outputs), 1 otherwise, with the reason on
// stderr. CHROMIUM overrides the browser binary (default /usr/bin/chromium).

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [baseUrl, token, notebook, screenshot, kernel = "gocell"] = process.argv.slice(2);
if (!baseUrl || !token || !notebook || !screenshot) {
  console.error("usage: node run_notebook.mjs BASE_URL TOKEN NOTEBOOK SCREENSHOT [KERNEL]");
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

// Deadlines, in milliseconds.
const LOAD_TIMEOUT = 60_000; // page loaded, kernel started and idle
const RUN_TIMEOUT = 120_000; // Run All until every cell has finished
const IDLE = "#kernel_indicator_icon.kernel_idle_icon";

const userDataDir = mkdtempSync(join(tmpdir(), "gocell-chromium-"));
let context;
let page;
let failure = null;

// The state of the code cells as the page shows them.
function cellState() {
  return Array.from(document.querySelectorAll("#notebook-container .cell.code_cell")).map((cell) => ({
    prompt: (cell.querySelector(".input_prompt")?.innerText || "").replace(/\s+/g, " ").trim(),
    text: Array.from(cell.querySelectorAll(".output_area .output_subarea"))
      .map((e) => e.innerText)
      .join(""),
    errors: cell.querySelectorAll(".output_error").length,
    stderr: cell.querySelectorAll(".output_stderr").length,
  }));
}

// The classic notebook scrolls the notebook inside #site, a box as high as
// the window; let the page grow instead, so that a full-page screenshot
// shows every cell.
async function fullPageScreenshot(page, path) {
  await page.addStyleTag({
    content: "html, body, #site { height: auto !important; overflow: visible !important; }",
  });
  await page.screenshot({ path, fullPage: true });
}

try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1100, height: 900 },
  });
  page = context.pages()[0] || (await context.newPage());
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  page.on("dialog", (d) => {
    console.error(`unexpected dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });

  const url = `${baseUrl.replace(/\/$/, "")}/notebooks/${notebook.split("/").map(encodeURIComponent).join("/")}?token=${encodeURIComponent(token)}`;
  const response = await page.goto(url, { timeout: LOAD_TIMEOUT });
  if (!response || !response.ok()) {
    throw new Error(`GET ${url.replace(token, "***")}: HTTP ${response ? response.status() : "no response"}`);
  }
  await page.waitForSelector(IDLE, { timeout: LOAD_TIMEOUT });
  // The Kernel > Change kernel submenu is filled from /api/kernelspecs.
  await page.waitForFunction(
    () => window.Jupyter?.notebook?.kernel_selector?._loaded === true,
    null,
    { timeout: LOAD_TIMEOUT },
  );

  // Kernel > Change kernel > KERNEL. Selecting the kernel the notebook
  // already runs is a no-op; any other kernel is started instead.
  await page.click("#kernellink");
  await page.hover("#menu-change-kernel");
  const item = page.locator(`#kernel-submenu-${kernel} a`);
  if ((await item.count()) === 0) {
    const names = await page.$$eval("#menu-change-kernel-submenu li", (lis) => lis.map((li) => li.id));
    throw new Error(`kernel ${kernel} is not in Kernel > Change kernel (${names.join(", ") || "empty"})`);
  }
  await item.click();
  await page.waitForFunction(
    (name) => window.Jupyter.notebook.kernel?.name === name && !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon"),
    kernel,
    { timeout: LOAD_TIMEOUT },
  );

  // The outputs must come from this run.
  const before = await page.evaluate(cellState);
  if (before.length === 0) throw new Error("the notebook shows no code cell");
  const stale = before.filter((c) => c.text !== "" || /\d/.test(c.prompt));
  if (stale.length > 0) throw new Error(`cells show outputs before the run: ${JSON.stringify(stale)}`);

  // Cell > Run All. Every code cell shows "In [*]" as soon as it is queued,
  // and "In [n]" once its execute_reply has arrived.
  await page.click("#celllink");
  await page.click("#run_all_cells");
  try {
    await page.waitForFunction(
      () => {
        const prompts = Array.from(document.querySelectorAll("#notebook-container .cell.code_cell .input_prompt"));
        return (
          prompts.length > 0 &&
          prompts.every((p) => /In\s*\[\d+\]/.test(p.innerText)) &&
          !!document.querySelector("#kernel_indicator_icon.kernel_idle_icon")
        );
      },
      null,
      { timeout: RUN_TIMEOUT, polling: 100 },
    );
  } catch (e) {
    const prompts = (await page.evaluate(cellState)).map((c) => c.prompt);
    throw new Error(`cells not finished after ${RUN_TIMEOUT / 1000}s: prompts ${JSON.stringify(prompts)}`);
  }

  const cells = await page.evaluate(cellState);
  // The notebook's own model, as a second look at the error outputs.
  const modelErrors = await page.evaluate(() =>
    window.Jupyter.notebook
      .get_cells()
      .filter((c) => c.cell_type === "code")
      .flatMap((c, i) =>
        c.output_area.outputs
          .filter((o) => o.output_type === "error")
          .map((o) => ({ cell: i, ename: o.ename, evalue: o.evalue })),
      ),
  );
  const kernelName = await page.evaluate(() => window.Jupyter.notebook.kernel.name);
  await fullPageScreenshot(page, screenshot);
  console.log(JSON.stringify({ ok: true, kernel: kernelName, cells, modelErrors }));
} catch (e) {
  failure = e;
  console.error(`run_notebook: ${e.message}`);
  if (page) {
    await fullPageScreenshot(page, screenshot).catch((err) => console.error(`screenshot: ${err.message}`));
  }
} finally {
  if (context) await context.close().catch((err) => console.error(`closing the browser: ${err.message}`));
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failure ? 1 : 0);
