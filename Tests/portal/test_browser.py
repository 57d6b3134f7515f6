"""A real browser (Debian's chromium + chromium-driver, driven by selenium): an office opens its link, uploads a
filled return, sees its findings and downloads the annotated copy; HQ logs in and sees the chart, which updates
without a reload when another office uploads. With PORTAL_SCREENSHOTS=DIR the two pages are saved there as PNG."""
import os
import shutil
import sys
import time
import urllib.parse
import urllib.request
import zipfile

import pytest

from conftest import SAMPLES

selenium = pytest.importorskip("selenium", reason="selenium is not installed (pip install selenium)")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def start_browser(downloads):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1400",
                "--lang=zh-CN"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
    try:
        return webdriver.Chrome(service=Service(driver_path), options=options)
    except Exception as error:  # chromium truly cannot start here: say so loudly, do not pass
        sys.stderr.write(f"\nSKIPPING the browser test LOUDLY: chromium could not start ({chromium}, {driver_path}): {error}\n")
        pytest.skip(f"chromium could not start: {error}")


def wait_for_file(folder, suffix, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [f for f in os.listdir(folder) if f.endswith(suffix)]
        if done:
            return os.path.join(folder, done[0])
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {folder}: {os.listdir(folder)}")


def upload_raw(portal, link, path):
    name = urllib.parse.quote(os.path.basename(path))
    with open(path, "rb") as f:
        request = urllib.request.Request(f"{portal.base}{link}/returns?name={name}", data=f.read(), method="POST",
                                         headers={"Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(request) as reply:
        assert reply.status == 200


def test_office_and_hq_in_a_browser(portal, tmp_path):
    opened = portal.open_round()
    downloads = str(tmp_path / "downloads")
    os.makedirs(downloads)
    shots = os.environ.get("PORTAL_SCREENSHOTS")
    browser = start_browser(downloads)
    try:
        wait = WebDriverWait(browser, 30)
        # The office: its page, upload, findings, annotated copy.
        link = opened["links"]["0102"]
        browser.get(portal.base + link)
        assert browser.find_element(By.ID, "office-name").text == "北京西站海关"
        assert browser.find_element(By.ID, "office-code").text == "0102"
        browser.find_element(By.ID, "file").send_keys(os.path.join(SAMPLES, "returns", "0102.xlsx"))
        browser.find_element(By.ID, "submit").click()
        wait.until(EC.presence_of_element_located((By.ID, "findings")))
        status = browser.find_element(By.ID, "status").text
        assert status == "已接收（有问题）", status
        rows = browser.find_elements(By.CSS_SELECTOR, "#findings-table tbody tr")
        assert len(rows) > 0
        assert any(r.find_elements(By.TAG_NAME, "td")[0].text == "错误" for r in rows)
        assert len(browser.find_elements(By.CSS_SELECTOR, "#history tbody tr")) == 1
        if shots:
            os.makedirs(shots, exist_ok=True)
            browser.save_screenshot(os.path.join(shots, "portal-office.png"))
        browser.find_element(By.ID, "checked").click()
        checked = wait_for_file(downloads, ".checked.xlsx")
        with zipfile.ZipFile(checked) as z:
            workbook = z.read("xl/workbook.xml").decode("utf-8")
        assert "校验结果" in workbook

        # HQ: login with the admin token, the dashboard and its chart.
        for code, name in (("0101", "0101.xlsx"), ("2201", "2201.xls"), ("2202", "2202.ods")):
            upload_raw(portal, opened["links"][code], os.path.join(SAMPLES, "returns", name))
        browser.get(portal.base + "/login")
        browser.find_element(By.ID, "token").send_keys(portal.token)
        browser.find_element(By.ID, "login-submit").click()
        wait.until(EC.presence_of_element_located((By.ID, "rounds")))
        cookie = browser.get_cookie("dk_session")
        assert cookie and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict"
        browser.get(f"{portal.base}/rounds/{opened['round']}")
        chart = browser.find_element(By.ID, "compliance-chart")
        bars = chart.find_elements(By.CSS_SELECTOR, "rect.bar")
        assert len(bars) >= 20
        assert any(float(b.get_attribute("width")) > 0 for b in bars)
        assert browser.find_element(By.ID, "answered").text == "4"
        if shots:
            browser.save_screenshot(os.path.join(shots, "portal-dashboard.png"))
        # Another office uploads: the dashboard updates without a reload.
        marker = browser.execute_script("window.__noReload = 1; return window.__noReload;")
        assert marker == 1
        upload_raw(portal, opened["links"]["0203"], os.path.join(SAMPLES, "returns", "天津", "0203.xlsx"))
        WebDriverWait(browser, 20).until(lambda b: b.find_element(By.ID, "answered").text == "5")
        assert browser.execute_script("return window.__noReload;") == 1
    finally:
        browser.quit()
