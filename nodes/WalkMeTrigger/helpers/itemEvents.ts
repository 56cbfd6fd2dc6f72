/**
 * The events WalkMe records for each item, as WalkMe's "Item Events and Definitions" table lists
 * them: the single source for the trigger's filters, its enrichment and its documentation.
 * `category` says whether the event means the item was shown (exposure) or the user acted on it
 * (interaction), as the table's definition describes it.
 */
export type EventCategory = 'exposure' | 'interaction';

export interface ItemEvent {
	itemType: string;
	event: string;
	definition: string;
	/** '' where the table has none. */
	notes: string;
	category: EventCategory;
}

export const ITEM_EVENTS: readonly ItemEvent[] = [
	{ itemType: "Smart Walk-Thru", event: "Play", definition: "A flow has started", notes: "The flow can start from any SWT step", category: 'exposure' },
	{ itemType: "Smart Walk-Thru", event: "Play Failed", definition: "The user tried to play the SWT and it didn't play", notes: "", category: 'interaction' },
	{ itemType: "Smart Walk-Thru Step", event: "Play", definition: "A flow has started", notes: "The flow can start from any SWT step", category: 'exposure' },
	{ itemType: "Walk-Thru", event: "Play", definition: "A flow has started", notes: "The flow can start from any Walk-Thru step", category: 'exposure' },
	{ itemType: "Walk-Thru", event: "Play Failed", definition: "The user tried to play the Walk-Thru and it didn't play", notes: "", category: 'interaction' },
	{ itemType: "Walk-Thru Step", event: "Play", definition: "A Walk-Thru step has started", notes: "The flow can start from any Walk-Thru step", category: 'exposure' },
	{ itemType: "Task", event: "Play", definition: "The user clicked the task", notes: "", category: 'interaction' },
	{ itemType: "Task", event: "Complete", definition: "The main goal was reached", notes: "A task can be completed without being initiated from Onboarding Task list. We will receive a 'task completed' event without the preceding 'play' event", category: 'interaction' },
	{ itemType: "ShoutOut", event: "Play", definition: "The ShoutOut was shown/visible to the user", notes: "", category: 'exposure' },
	{ itemType: "ShoutOut", event: "Click", definition: "The user clicked on the ShoutOut", notes: "", category: 'interaction' },
	{ itemType: "ShoutOut", event: "Close", definition: "The user clicked the X button / close button", notes: "", category: 'interaction' },
	{ itemType: "ShoutOut Action", event: "Click", definition: "The user clicked on a ShoutOut Action (usually a button)", notes: "", category: 'interaction' },
	{ itemType: "ShoutOut Action", event: "Close", definition: "The user closed via a ShoutOut Action (For example, 'Remind Me Later' button)", notes: "", category: 'interaction' },
	{ itemType: "Launcher", event: "Play", definition: "The Launcher was shown/drawn on the page", notes: "We send a 'Play' event for each Launcher drawn once per session", category: 'exposure' },
	{ itemType: "Launcher", event: "Click", definition: "The Launcher was clicked on", notes: "", category: 'interaction' },
	{ itemType: "Resource", event: "Play", definition: "The user clicked on the Resource", notes: "'Play' can be triggered by another WalkMe Item/Menu", category: 'interaction' },
	{ itemType: "Shuttle", event: "Play", definition: "The user clicked on the Shuttle", notes: "'Play' can be triggered by another WalkMe Item/Menu", category: 'interaction' },
	{ itemType: "Survey", event: "Play", definition: "The Survey was viewed", notes: "'Play' can be triggered by another WalkMe Item/Auto-start", category: 'exposure' },
	{ itemType: "Survey", event: "Submitted", definition: "The user submitted the Survey", notes: "User must click Submit to complete and send survey", category: 'interaction' },
	{ itemType: "Survey", event: "Close", definition: "The Survey was closed", notes: "", category: 'interaction' },
	{ itemType: "Survey Question", event: "Submitted", definition: "The user submitted a Survey question", notes: "", category: 'interaction' },
	{ itemType: "SmartTip", event: "Play", definition: "The SmartTip was shown/drawn on the page", notes: "Play sent once per session", category: 'exposure' },
	{ itemType: "SmartTip", event: "Visible", definition: "The user hovered over the SmartTip", notes: "", category: 'interaction' },
	{ itemType: "SmartTip", event: "Passed", definition: "Validation passed", notes: "", category: 'interaction' },
	{ itemType: "SmartTip", event: "Failed", definition: "Validation failed", notes: "", category: 'interaction' },
	{ itemType: "SmartTip", event: "Click", definition: "The user clicked an element that hides a guidance SmartTip", notes: "Click always comes with a Visible event", category: 'interaction' },
	{ itemType: "Menu", event: "Open", definition: "The user opened the WalkMe Web Menu", notes: "Open can be triggered by click or API", category: 'interaction' },
	{ itemType: "WidgetSearch", event: "Search", definition: "An event that is sent after the user stopped typing for ~3 seconds", notes: "", category: 'interaction' },
	{ itemType: "WidgetSearch", event: "Click", definition: "The user clicked on a search result", notes: "", category: 'interaction' },
	{ itemType: "Help Desk", event: "Play", definition: "The user clicked on the Help Desk", notes: "", category: 'interaction' },
	{ itemType: "Live Chat", event: "Click", definition: "The user clicked on the Live Chat", notes: "", category: 'interaction' },
	{ itemType: "ActionBot", event: "Chat Opened", definition: "The user opened ActionBot", notes: "", category: 'interaction' },
	{ itemType: "ActionBot", event: "End User Engaged", definition: "The user sent a message to ActionBot", notes: "", category: 'interaction' },
	{ itemType: "ActionBot", event: "Chat Closed", definition: "The user closed ActionBot", notes: "", category: 'interaction' },
	{ itemType: "ActionBot", event: "Conversation Search", definition: "The user searched for conversation topics", notes: "", category: 'interaction' },
	{ itemType: "ActionBot Conversation", event: "Conversation Started", definition: "The user started a conversation", notes: "", category: 'interaction' },
	{ itemType: "ActionBot Conversation", event: "Conversation Ended", definition: "The user ended a conversation", notes: "", category: 'interaction' },
	{ itemType: "ActionBot Node", event: "Conversation Action Triggered", definition: "An ActionBot node action was triggered", notes: "", category: 'interaction' },
	{ itemType: "ActionBot Node", event: "Conversation Question Answered", definition: "An ActionBot node question was answered", notes: "", category: 'interaction' },
	{ itemType: "ActionBot Node", event: "Conversation Node Served", definition: "An ActionBot node was served", notes: "", category: 'exposure' },
	{ itemType: "TeachMe", event: "Visible", definition: "The TeachMe widget first appeared on the page (sent once every 24h)", notes: "Refresh won't trigger another event for 24h", category: 'exposure' },
	{ itemType: "TeachMe", event: "Open", definition: "The user opened the TeachMe menu", notes: "", category: 'interaction' },
	{ itemType: "TeachMe", event: "TeachMe Step Started", definition: "A user started a TeachMe item from a course", notes: "", category: 'interaction' },
	{ itemType: "TeachMe Quiz", event: "Play", definition: "The quiz was started by the user", notes: "", category: 'interaction' },
	{ itemType: "TeachMe Quiz", event: "Submitted", definition: "The quiz was submitted by the user", notes: "", category: 'interaction' },
	{ itemType: "TeachMe Quiz", event: "Passed", definition: "The user passed the quiz after submission", notes: "Event triggered whether or not the user passed or failed the quiz", category: 'interaction' },
	{ itemType: "TeachMe Quiz", event: "Failed", definition: "The user failed the quiz after submission", notes: "Event triggered whether or not the user passed or failed the quiz", category: 'interaction' },
	{ itemType: "TeachMe Quiz Question", event: "Submitted", definition: "The quiz question was submitted by the user", notes: "", category: 'interaction' },
];
