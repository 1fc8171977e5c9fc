#!/usr/bin/env python3
"""Drives the staff console in headless Chromium (Selenium + Debian's chromium-driver), the way a
staff member uses it: paste a token, open the handed-off conversation from the inbox, read the
waiting message (shown as text even when it is markup), send a reply, hand back. Run by
`EndToEndTests.ConsoleBrowserEndToEndTests` against a real `serve`; prints one JSON line with
what it saw and exits non-zero (with the page's state) on any failure.

    browser_test.py --url http://127.0.0.1:8080/console --token rop_… --waiting "<img src=x" \
        --reply "Hi Sam, Ann here." --screenshots DIR
"""
import argparse
import json
import os
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


def browser():
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,860"):
        options.add_argument(argument)
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--waiting", required=True, help="text of the person's waiting message")
    parser.add_argument("--reply", required=True)
    parser.add_argument("--screenshots", required=True)
    args = parser.parse_args()
    os.makedirs(args.screenshots, exist_ok=True)

    driver = browser()
    seen = {}
    try:
        wait = WebDriverWait(driver, 30)
        driver.get(args.url)
        token = wait.until(EC.visibility_of_element_located((By.ID, "token")))
        token.send_keys(args.token)
        driver.find_element(By.ID, "sign-in").click()

        # The inbox lists the handed-off conversation with its waiting message.
        item = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#conversations li button")))
        seen["inbox"] = item.text
        assert "1 waiting" in item.text, f"the inbox shows the waiting count: {item.text!r}"
        assert driver.find_element(By.ID, "token").get_attribute("value") == "", "the token field is cleared"
        assert args.token not in driver.current_url, "the token never goes into the URL"
        if "#conversation=" in args.url:
            # A handoff notice's link opens its conversation by itself.
            wait.until(EC.visibility_of_element_located((By.ID, "conversation")))
            seen["opened_by_link"] = True
        else:
            item.click()

        # The waiting message, markup included, is shown as text and nothing of it runs.
        wait.until(lambda d: args.waiting in d.find_element(By.ID, "turns").text)
        turns = driver.find_element(By.ID, "turns")
        assert not turns.find_elements(By.TAG_NAME, "img"), "a message's markup became an element"
        assert driver.title != "pwned", "a message's script ran"
        state = driver.find_element(By.ID, "conversation-state").text
        seen["state_before"] = state
        assert "A human has this conversation" in state, state

        # The reply goes out once and shows as the staff's turn.
        driver.find_element(By.ID, "reply").send_keys(args.reply)
        driver.find_element(By.ID, "send").click()
        wait.until(lambda d: d.find_element(By.ID, "send-status").text == "Sent.")
        wait.until(lambda d: any(args.reply in li.text for li in d.find_elements(By.CSS_SELECTOR, "#turns li.operator")))
        driver.save_screenshot(os.path.join(args.screenshots, "console-desktop.png"))
        driver.set_window_size(390, 844)
        time.sleep(0.3)
        driver.save_screenshot(os.path.join(args.screenshots, "console-phone.png"))
        driver.set_window_size(1280, 860)

        # Hand back: the AI has the conversation again.
        driver.find_element(By.ID, "hand-back").click()
        wait.until(lambda d: d.find_element(By.ID, "conversation-state").text.startswith("The AI answers"))
        seen["state_after"] = driver.find_element(By.ID, "conversation-state").text
        severe = [entry["message"] for entry in driver.get_log("browser")
                  if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]
        assert not severe, f"errors in the browser's console: {severe}"
        print(json.dumps({"ok": True, "seen": seen}))
    except (AssertionError, WebDriverException) as error:
        try:
            driver.save_screenshot(os.path.join(args.screenshots, "console-failure.png"))
            page = driver.find_element(By.TAG_NAME, "body").text
        except WebDriverException:
            page = "(unavailable)"
        print(json.dumps({"ok": False, "error": f"{type(error).__name__}: {error}", "seen": seen, "page": page}))
        sys.exit(1)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
