/**
 * The sandboxed preload: exposes window.holdfast (see contract.ts) and nothing else. ipcRenderer itself
 * never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createHoldfastApi } from './bridge';

contextBridge.exposeInMainWorld('holdfast', createHoldfastApi(ipcRenderer));
